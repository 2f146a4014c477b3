"""Uploaded images (MEDIA_URL), served by the application itself: `make serve` has no other
web server. Only the formats uploads are stored in (archive.lib.images names each file
by its verified format), with that type, never sniffed, never run."""

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

from archive.lib.images import CONTENT_TYPES, EXTENSIONS

TYPE_OF_EXTENSION = {EXTENSIONS[name]: CONTENT_TYPES[name] for name in EXTENSIONS}


@require_safe
def media(request, name):
    extension = name.rpartition(".")[2].lower()
    if extension not in TYPE_OF_EXTENSION:
        raise Http404
    try:
        file = default_storage.open(name)
    except (OSError, SuspiciousFileOperation):  # missing, a folder, or outside MEDIA_ROOT
        raise Http404 from None
    response = FileResponse(file, content_type=TYPE_OF_EXTENSION[extension])
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # Stored names are never reused (random, and storage does not overwrite).
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
