"""Checks for uploaded images: a known format, a size and pixel limit, no decompression bomb,
a frame limit for animations; then a clean copy is stored: no location metadata, under a
generated name. A file that cannot be decoded to the end (a truncated upload) is refused."""

import io
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import ExifTags, Image
from PIL.JpegImagePlugin import get_sampling

# Phones save multi-picture JPEGs (MPO: the photo, then previews or depth maps); Pillow
# names them MPO. Their first picture is the photo, stored as a plain JPEG.
ALLOWED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP"}
STORED_FORMAT = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
MAX_BYTES = 10 * 1024 * 1024
# Pixels decoded for one upload, every frame of an animation counted: an animation costs
# no more than the largest still image.
MAX_PIXELS = 40_000_000
MAX_FRAMES = 50


def validate_image(upload):
    """Raise ValidationError unless `upload` is a JPEG, PNG or WebP within the limits.

    Reads only the header for the format and dimensions, so a small file that would
    expand to gigabytes of pixels is rejected before it is decoded.
    """
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("Tệp ảnh quá lớn (%(size)s); tối đa %(max)s.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(MAX_BYTES)},
            code="file_too_large",
        )
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image_format, (width, height) = image.format, image.size
            if width * height > MAX_PIXELS:
                raise _too_many_pixels(width, height)
            if image_format not in ALLOWED_FORMATS:
                raise _wrong_format()
            frames = 1 if image_format == "MPO" else getattr(image, "n_frames", 1)
            if frames > MAX_FRAMES or width * height * frames > MAX_PIXELS:
                raise ValidationError(
                    _(
                        "Ảnh động %(frames)s khung hình %(width)s×%(height)s quá lớn: tối đa "
                        "%(max_frames)s khung hình và %(max)s triệu điểm ảnh cho mọi khung."
                    )
                    % {
                        "frames": frames,
                        "width": width,
                        "height": height,
                        "max_frames": MAX_FRAMES,
                        "max": MAX_PIXELS // 1_000_000,
                    },
                    code="too_many_frames",
                )
            image.verify()
    except Image.DecompressionBombError:
        raise ValidationError(
            _("Ảnh có kích thước điểm ảnh quá lớn (có thể là “bom giải nén”)."),
            code="too_many_pixels",
        ) from None
    except ValidationError:
        raise
    except Exception:
        # Pillow cannot read it: not an image, or a type it does not know.
        raise _wrong_format() from None
    finally:
        upload.seek(0)


def _wrong_format():
    return ValidationError(
        _("Chỉ nhận ảnh JPEG, PNG hoặc WebP."),
        code="invalid_image_format",
    )


def _too_many_pixels(width, height):
    return ValidationError(
        _("Ảnh %(width)s×%(height)s điểm ảnh vượt quá giới hạn %(max)s triệu điểm ảnh.")
        % {"width": width, "height": height, "max": MAX_PIXELS // 1_000_000},
        code="too_many_pixels",
    )


def _broken():
    return ValidationError(
        _("Tệp ảnh bị hỏng hoặc không đầy đủ (có thể tải lên bị ngắt giữa chừng)."),
        code="broken_image",
    )


def without_location(upload):
    """A copy of a validated image without GPS EXIF tags or XMP (which can hold a location
    too), named `<random>.<format's extension>`: the uploader's file name, which may say
    who or where, and its claimed extension are not kept. Other EXIF tags (date, camera,
    orientation) stay; JPEG pixels are not re-compressed. Raises ValidationError for an
    image that cannot be decoded to the end."""
    upload.seek(0)
    try:
        return _copy_without_location(upload)
    except (OSError, SyntaxError, EOFError):
        # Pillow's errors for truncated or corrupt image data.
        raise _broken() from None
    finally:
        upload.seek(0)


def _copy_without_location(upload):
    with Image.open(upload) as image:
        image_format = STORED_FORMAT[image.format]
        exif = image.getexif()
        exif.pop(ExifTags.IFD.GPSInfo, None)
        params = {"exif": exif.tobytes()} if exif else {}
        if image.info.get("icc_profile"):
            params["icc_profile"] = image.info["icc_profile"]
        if image_format == "JPEG":
            # Pillow's quality="keep", spelled out: it refuses an MPO's first picture.
            params.update(qtables=image.quantization, subsampling=get_sampling(image))
        if getattr(image, "is_animated", False) and image.format != "MPO":
            params["save_all"] = True
        image.info.pop("xmp", None)
        image.info.pop("XML:com.adobe.xmp", None)
        buffer = io.BytesIO()
        image.save(buffer, image_format, **params)
    name = f"{uuid.uuid4().hex}.{EXTENSIONS[image_format]}"
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=CONTENT_TYPES[image_format])


class CheckedImageField(forms.ImageField):
    """An ImageField that applies `validate_image` before Django's own Pillow check,
    so the editor sees why a file was refused, and stores `without_location`'s copy."""

    def to_python(self, data):
        if data and hasattr(data, "size"):
            validate_image(data)
            data = without_location(data)
        return super().to_python(data)
