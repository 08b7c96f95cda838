from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from fieldwork.selectors import records_for_centre
from interviews.models import Interview
from observations.models import Observation

from .forms import CentreFilterForm
from .models import Centre
from .selectors import centre_list


def centre_list_view(request):
    form = CentreFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(centre_list(**filters), settings.PAGINATE_BY).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "centres/centre_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


def centre_detail_view(request, pk: int):
    centre = get_object_or_404(Centre, pk=pk)
    return render(
        request,
        "centres/centre_detail.html",
        {
            "centre": centre,
            "interviews": records_for_centre(Interview, centre, request.user),
            "observations": records_for_centre(Observation, centre, request.user),
        },
    )
