"""`Cache-Control: no-store` on every page and download that shows records or their data.

Record pages, centre pages, the review queue, the results and every export hold answers
(respondents' names with them) that no browser, proxy or shared device should keep. The pages
are named here by URL name, so that a view needs no decorator of its own; the service worker
still keeps its offline copies of the blank forms (the Cache API ignores these headers).
"""

from django.utils.cache import patch_cache_control

NO_STORE_URL_NAMES = frozenset(
    {
        *(
            f"{instrument}:{page}"
            for instrument in ("interviews", "observations")
            for page in ("new", "detail", "edit", "review", "discard")
        ),
        "observations:photos",
        "centres:list",
        "centres:detail",
        # The centre report (PDF): the centre's answers, notes and photos.
        "centres:report",
        "fieldwork:queue",
        "my_work",
        "reports:results",
        "reports:workbook",
        "reports:csv",
        # Background exports: their progress, and the finished workbooks.
        "reports:exports",
        "reports:export_status",
        "reports:export_file",
        # Who exported what (names the users and their filters).
        "audit:log",
        "audit:csv",
        # The coding screen shows the notes of the records.
        "coding:index",
        "coding:note",
        # A centre's plan shows the answers and notes behind each action; the programme the
        # plans of every centre.
        "plans:centre",
        "plans:action",
        "plans:status",
        "plans:programme",
        # An import's preview shows the file's cells (a respondent's name among them).
        "imports:preview",
        "imports:confirm",
    }
)


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is not None and match.view_name in NO_STORE_URL_NAMES:
            patch_cache_control(response, no_store=True)
        return response
