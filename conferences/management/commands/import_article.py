import json
from pathlib import Path
from urllib.parse import urlparse

from django.core.management.base import BaseCommand, CommandError

from archive.models import Outlet
from conferences.importer import (
    Archive,
    ImportRefused,
    NoConference,
    UnreadableInput,
    analyse,
    as_json,
    write_drafts,
)
from conferences.importer.reader import MAX_BYTES, WEB_SCHEMES


class Command(BaseCommand):
    help = (
        "Đọc bài báo đã lưu (văn bản hoặc HTML), đề xuất hội nghị, quan chức, tổ chức kèm "
        "đoạn trích dẫn, và ghi thành bản nháp (trừ khi có --dry-run)."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--url", help="Đường dẫn gốc của bài báo (chỉ với một tệp).")
        parser.add_argument("--outlet", metavar="SLUG", help="Slug của cơ quan báo chí.")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ đề xuất, không ghi.")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *paths, **options):
        paths = options["paths"] or paths
        if options["url"] and len(paths) > 1:
            raise CommandError("--url chỉ dùng được với một tệp.")
        if options["url"] and urlparse(options["url"]).scheme.lower() not in WEB_SCHEMES:
            raise CommandError("--url phải là một đường dẫn http hoặc https.")
        outlet = None
        if options["outlet"]:
            outlet = Outlet.objects.filter(slug=options["outlet"]).first()
            if outlet is None:
                raise CommandError(f"Không có cơ quan báo chí “{options['outlet']}”.")
        archive, failures = Archive(), 0
        for path in paths:
            try:
                self.import_one(Path(path), archive, outlet, options)
            except (OSError, UnreadableInput, NoConference, ImportRefused) as error:
                failures += 1
                self.stderr.write(f"{path}: {error}")
        if failures:
            raise CommandError(
                f"{failures}/{len(paths)} tệp không nhập được; không ghi gì cho chúng."
            )

    def import_one(self, path, archive, outlet, options):
        if path.stat().st_size > MAX_BYTES:
            raise UnreadableInput("Tệp quá lớn (trên 5 MB).")
        proposal, matches = analyse(
            path.read_bytes(), file_name=path.name, archive=archive, outlet=outlet
        )
        existing = matches.conference.slug if matches.conference else None
        if options["format"] == "json":
            data = as_json(proposal, existing, matches.conference_reasons)
            self.stdout.write(json.dumps(data, ensure_ascii=False))
        elif options["verbosity"] >= 1:
            self.print_text(path, proposal, matches)
        if options["dry_run"]:
            return
        written = write_drafts(proposal, matches, file_name=path.name, url=options["url"])
        archive.learn(matches)
        if options["verbosity"] >= 1 and options["format"] == "text":
            what = "hội nghị mới (nháp)" if written.conference_created else "nguồn mới cho"
            self.stdout.write(
                self.style.SUCCESS(
                    f"Đã tạo bài báo nháp “{written.article.slug}”; "
                    f"{what} “{written.conference.slug}”."
                )
            )

    def print_text(self, path, proposal, matches):
        data = as_json(proposal, matches.conference.slug if matches.conference else None)
        doc = proposal.document
        self.stdout.write(self.style.MIGRATE_HEADING(f"{path} ({doc.encoding})"))
        for key in (
            "title", "published", "event_date", "province", "city", "format", "attendees",
            "attendees_qualifier", "connection_points", "provinces_participating", "scope",
            "existing_conference",
        ):  # fmt: skip
            self.stdout.write(f"  {key}: {data[key] if data[key] is not None else '—'}")
        for name in data["organizers"]:
            found = matches.organizations.get(name)
            self.stdout.write(f"  organizer: {name}" + (f" → {found.slug}" if found else " (mới)"))
        for person in proposal.officials:
            found = matches.officials.get(person.name)
            roles = ", ".join(r.value for r in person.roles)
            self.stdout.write(
                f"  official: {person.rank} {person.name} [{roles}]".replace("  ", " ", 1)
                + (f" → {found.slug}" if found else " (mới)")
            )
            for title in person.titles:
                self.stdout.write(f"      {title.value}")
        for topic in data["topics"]:
            self.stdout.write(f"  topic: {topic}")
        for warning in data["warnings"]:
            self.stdout.write(self.style.WARNING(f"  ! {warning}"))
