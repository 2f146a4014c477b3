"""Uploaded images (MEDIA_URL), served by the application itself: `make serve` has no other
web server. Only the formats uploads are stored in (archive.lib.images names each file
by its verified format), with that type, never sniffed, never run; and, like the pages
that show them, only while their record is public (staff see every one)."""

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

from archive.lib.images import CONTENT_TYPES, EXTENSIONS
from archive.models import ArticleImage, Status
from people.models import Official

TYPE_OF_EXTENSION = {EXTENSIONS[name]: CONTENT_TYPES[name] for name in EXTENSIONS}


def is_public(name):
    """Whether a published article shows the image, or it is the photo of an official
    something published cites."""
    article_images = ArticleImage.objects.filter(image=name, article__status=Status.PUBLISHED)
    return article_images.exists() or Official.objects.public().filter(photo=name).exists()


@require_safe
def media(request, name):
    extension = name.rpartition(".")[2].lower()
    if extension not in TYPE_OF_EXTENSION:
        raise Http404
    public = is_public(name)
    if not (public or request.user.is_staff):
        raise Http404
    try:
        file = default_storage.open(name)
    except (OSError, SuspiciousFileOperation):  # missing, a folder, or outside MEDIA_ROOT
        raise Http404 from None
    response = FileResponse(file, content_type=TYPE_OF_EXTENSION[extension])
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # An hour, as pages are cached: unpublishing withdraws the image too. A draft's image
    # stays out of shared caches.
    response["Cache-Control"] = "public, max-age=3600" if public else "private, no-store"
    return response
