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
