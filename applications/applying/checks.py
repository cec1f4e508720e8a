"""A deployment check: several web nodes need the private files in shared object storage."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.files, deploy=True)
def private_storage_is_shared(app_configs, **kwargs):
    backend = settings.STORAGES.get("private", {}).get("BACKEND", "")
    if backend.endswith("FileSystemStorage"):
        return [
            Warning(
                "Private files (attachments, letters) are kept on this machine's disk.",
                hint=(
                    "Another web node or worker cannot read them. Set AWS_STORAGE_BUCKET_NAME "
                    "(and the other AWS_* variables) to keep them in S3-compatible storage, "
                    "unless the site runs on one machine."
                ),
                id="utlysning.W010",
            )
        ]
    return []
