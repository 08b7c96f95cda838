from django.db.models import Q, QuerySet

from .models import Centre


def centre_list(*, q: str = "", state: str = "", sector: str = "") -> QuerySet[Centre]:
    qs = Centre.objects.all()
    if q:
        qs = qs.filter(
            Q(name__icontains=q) | Q(municipality__icontains=q) | Q(address__icontains=q)
        )
    if state:
        qs = qs.filter(state=state)
    if sector:
        qs = qs.filter(sector=sector)
    return qs
