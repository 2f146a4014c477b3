"""What the importer knows about the genre: places, names, ranks and title words."""

import unicodedata
from functools import lru_cache

# The 63 units in force until 30 June 2025, with the spellings the press uses.
FORMER_PROVINCES = {
    "Hà Nội": [],
    "Hồ Chí Minh": ["TP.HCM", "TP. HCM", "TPHCM", "TP HCM", "Sài Gòn"],
    "Hải Phòng": [],
    "Đà Nẵng": [],
    "Cần Thơ": [],
    "Thừa Thiên Huế": ["Thừa Thiên - Huế", "Thừa Thiên-Huế", "Huế"],
    "An Giang": [],
    "Bà Rịa - Vũng Tàu": ["Bà Rịa-Vũng Tàu", "Bà Rịa – Vũng Tàu", "BR-VT"],
    "Bắc Giang": [],
    "Bắc Kạn": ["Bắc Cạn"],
    "Bạc Liêu": [],
    "Bắc Ninh": [],
    "Bến Tre": [],
    "Bình Định": [],
    "Bình Dương": [],
    "Bình Phước": [],
    "Bình Thuận": [],
    "Cà Mau": [],
    "Cao Bằng": [],
    "Đắk Lắk": ["Đắc Lắc", "Đắk Lắc"],
    "Đắk Nông": ["Đắc Nông"],
    "Điện Biên": [],
    "Đồng Nai": [],
    "Đồng Tháp": [],
    "Gia Lai": [],
    "Hà Giang": [],
    "Hà Nam": [],
    "Hà Tĩnh": [],
    "Hải Dương": [],
    "Hậu Giang": [],
    "Hòa Bình": [],
    "Hưng Yên": [],
    "Khánh Hòa": [],
    "Kiên Giang": [],
    "Kon Tum": ["Kontum"],
    "Lai Châu": [],
    "Lâm Đồng": [],
    "Lạng Sơn": [],
    "Lào Cai": [],
    "Long An": [],
    "Nam Định": [],
    "Nghệ An": [],
    "Ninh Bình": [],
    "Ninh Thuận": [],
    "Phú Thọ": [],
    "Phú Yên": [],
    "Quảng Bình": [],
    "Quảng Nam": [],
    "Quảng Ngãi": [],
    "Quảng Ninh": [],
    "Quảng Trị": [],
    "Sóc Trăng": [],
    "Sơn La": [],
    "Tây Ninh": [],
    "Thái Bình": [],
    "Thái Nguyên": [],
    "Thanh Hóa": [],
    "Tiền Giang": [],
    "Trà Vinh": [],
    "Tuyên Quang": [],
    "Vĩnh Long": [],
    "Vĩnh Phúc": [],
    "Yên Bái": [],
}

# From 1 July 2025 (Resolution 202/2025/QH15): 34 units. Huế replaced Thừa Thiên Huế.
CURRENT_PROVINCES = {
    "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh",
    "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên",
    "Phú Thọ", "Bắc Ninh", "Hưng Yên", "Hải Phòng", "Ninh Bình", "Quảng Trị", "Đà Nẵng",
    "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Hồ Chí Minh", "Đồng Nai",
    "Tây Ninh", "Cần Thơ", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang",
}  # fmt: skip

FAMILY_NAMES = {
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Lâm", "Tống", "Mai", "Trịnh", "Đoàn", "Lương", "Tạ",
    "Hà", "Cao", "Chu", "Quách", "Thái", "Triệu", "Lưu", "Đào", "Trương", "Kiều", "Khúc", "Tô",
    "Thân", "Đàm", "Nghiêm", "Phùng", "Vương", "Doãn", "Lại", "Từ", "Hứa", "Bạch", "Âu", "Hầu",
    "Khổng", "Lò", "Lường", "Quàng", "Cầm", "Giàng", "Sùng", "Vàng", "Thào", "Sình", "Mùa",
    "Tòng", "Điêu", "Bế", "Nông", "Lục", "Lăng", "Đèo", "Sầm", "Ksor", "Siu", "Rah", "Mạc",
    "Mẫn", "Phí", "Tôn", "Diệp", "Lã", "Khương", "Thạch", "Đậu", "Chế", "Tăng", "Hàn",
    "Giáp", "Ninh", "Kim", "Nhữ", "Tiêu", "Vi", "Trình", "Tường", "Thiều", "Hạ", "Ôn", "Cù",
    "Ngọ", "Quan", "Bàn", "Chẩu", "Ma", "La", "Khuất", "Mã", "Chử", "Nhâm", "Lều", "Khà",
}  # fmt: skip

# Ethnic-minority names do not start with a Kinh family name: "Y Ngọc", "Ksor Phước Hà".
ETHNIC_NAME_STARTS = {"Y", "Ksor", "Siu", "Rah", "Nay", "Rơ", "Kpă"}

RANKS = (
    "Đại tướng", "Thượng tướng", "Trung tướng", "Thiếu tướng", "Đại tá", "Thượng tá",
    "Trung tá", "Thiếu tá", "Đại úy", "Thượng úy", "Trung úy", "Thiếu úy",
    "Đô đốc", "Phó Đô đốc", "Chuẩn Đô đốc",
)  # fmt: skip

HONORIFICS = ("đồng chí", "đ/c", "ông", "bà", "anh", "chị")

# Words that begin a position ("Phó Cục trưởng ...").
TITLE_HEADS = (
    "Phó", "Chánh", "Trưởng", "Giám đốc", "Chủ tịch", "Thứ trưởng", "Bộ trưởng", "Ủy viên",
    "Uỷ viên", "Cục trưởng", "Vụ trưởng", "Bí thư", "Chủ nhiệm", "Tổng Biên tập",
    "Tổng biên tập", "Tổng cục trưởng", "Tổng Thư ký", "Tổng thư ký", "Viện trưởng",
    "Hiệu trưởng", "Chỉ huy trưởng", "Tư lệnh", "Chính ủy", "Chính uỷ", "Đại sứ",
    "Thường trực", "Thành viên", "Chuyên viên", "Cán bộ", "Đại biểu Quốc hội", "Nguyên",
    "nguyên", "Người phát ngôn", "Trợ lý", "Giảng viên", "Phụ trách", "Quyền",
    "Tỉnh ủy viên", "Tỉnh uỷ viên", "Thành ủy viên", "Huyện ủy viên", "Tổng Giám đốc",
)  # fmt: skip

# Words that begin an organisation's name; after a comma they continue the position.
ORG_HEADS = (
    "Bộ", "Cục", "Vụ", "Văn phòng", "Ban", "Sở", "Công an", "UBND", "Ủy ban", "Uỷ ban",
    "HĐND", "Hội đồng", "Tỉnh ủy", "Tỉnh uỷ", "Thành ủy", "Thành uỷ", "Đảng ủy", "Học viện",
    "Viện", "Trường", "Báo", "Đài", "Tạp chí", "Mặt trận", "Liên hiệp", "Hội", "Tổng cục",
    "Trung ương", "Quốc hội", "Chính phủ", "Bộ Tư lệnh", "Quân khu", "Phòng", "Trung tâm",
    "Thường trực", "Tòa án", "Viện kiểm sát", "Đoàn", "Thông tấn xã", "TTXVN", "MTTQ",
    "Huyện ủy", "Tổng Liên đoàn", "Liên đoàn", "Cơ quan", "Hãng", "Thanh tra",
)  # fmt: skip


@lru_cache(maxsize=4096)
def fold_char(ch):
    """One character folded to one: lowercase base letter, đ→d. Keeps string offsets."""
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0].lower()
    return base if len(base) == 1 else ch


def fold_keep(text):
    """Like archive.lib.text.fold but position-preserving (no space collapsing)."""
    return "".join(map(fold_char, text))
