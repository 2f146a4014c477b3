from django.shortcuts import get_object_or_404, render
from django.views.generic import ListView

from .models import Conference, Topic


class ConferenceListView(ListView):
    paginate_by = 20

    def get_queryset(self):
        return Conference.objects.published().for_listing()


def conference_detail(request, slug):
    conference = get_object_or_404(
        Conference.objects.published().select_related("province__successor"), slug=slug
    )
    return render(request, "conferences/conference_detail.html", {"conference": conference})


def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    conferences = Conference.objects.published().for_listing().filter(topics=topic).distinct()
    return render(
        request, "conferences/topic_detail.html", {"topic": topic, "conferences": conferences}
    )
