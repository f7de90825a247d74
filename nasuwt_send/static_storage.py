"""Static files under hashed names, their JavaScript module imports too.

whitenoise's ``CompressedManifestStaticFilesStorage`` hashes every file's name and rewrites the URLs in
CSS; Django's manifest storage rewrites JavaScript's ``import ... from "..."`` only when asked
(``support_js_module_import_aggregation``). Without it ``js/site.<hash>.js`` imported
``govuk-frontend.min.js`` by its plain name, which whitenoise may cache for 60 seconds only (a plain
name's content can change under it); with it the import names the hashed file, cached for a year and
``immutable`` like every other.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class HashedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True

    # Each page names the same few files ({% static %}); working out each hashed URL again (split,
    # unquote, look up, join) was a few percent of a question page's CPU. The URLs are fixed for the
    # life of the process once the manifest is read; the names come from our templates, so the memo
    # stays small (and stops growing at ``URLS_KEPT`` all the same).
    URLS_KEPT = 512

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        found = self._urls.get(name)
        if found is None:
            found = super().url(name)
            if len(self._urls) < self.URLS_KEPT:
                self._urls[name] = found
        return found

    def save_manifest(self):
        # collectstatic has hashed the files afresh: URLs worked out before are out of date.
        self._urls.clear()
        super().save_manifest()
