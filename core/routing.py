"""URL resolution that remembers its answers: ``remembering(urlpatterns)`` in ``ROOT_URLCONF``.

Django finds a request's view by trying the patterns in order: for ``/en/trade/`` about fifty of them through the
portal's includes, for ``/api/v1/trade/`` about eighty (every endpoint's list, bulk, file and record patterns
before it), building the list of every pattern tried as it goes. That was 50 to 110 µs of CPU a request on a quiet
machine and about a seventh of the workers' Python time under load (``bench/load.py``, profiled), more than a
cached page's own work. An address resolves to the same view, arguments and route every time for a given language
(the patterns are fixed when the process starts; the language picks the prefix, ``/en/`` or ``/zh-hans/``), so
each top-level resolver keeps the latest answers it found, by language and path. The root resolver builds each
request's own ``ResolverMatch`` from the answer (its arguments in a new dict), so nothing a request does changes
what is kept. An address that matches nothing, or a long one, is not kept.
"""

from django.urls import ResolverMatch, URLResolver
from django.utils.translation import get_language

from .cache import Kept

ANSWERS_KEPT = 4096  # addresses, per top-level resolver and process
# A slug or the admin's catch-all matches any text: longer addresses are resolved each time, so requests made up
# to fill the memory (4,096 addresses of 4 KB held 38 MB) cannot. The portal's own are under 100 characters.
LONGEST_KEPT = 200


class RememberingResolver(URLResolver):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.answers = Kept(ANSWERS_KEPT)

    def resolve(self, path):
        key = (get_language(), str(path))
        match = self.answers.get(key)
        if match is None:
            found = super().resolve(path)  # Resolver404 if nothing matches: not kept
            match = ResolverMatch(
                found.func,
                found.args,
                found.kwargs,
                found.url_name,
                found.app_names,
                found.namespaces,
                found.route,
                tried=[],  # the patterns tried before it: the root would copy them for every request
                captured_kwargs=found.captured_kwargs,
                extra_kwargs=found.extra_kwargs,
            )
            if len(key[1]) <= LONGEST_KEPT:
                self.answers.put(key, match)
        return match


def remembering(urlpatterns):
    """``urlpatterns`` with each resolver (``include``, ``i18n_patterns``) replaced by one that remembers."""
    return [
        RememberingResolver(entry.pattern, entry.urlconf_name, entry.default_kwargs, entry.app_name, entry.namespace)
        if isinstance(entry, URLResolver)
        else entry
        for entry in urlpatterns
    ]
