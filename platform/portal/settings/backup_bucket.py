"""The backups storage on an S3-compatible bucket (django-storages over boto3): the one
description of it, for settings/production.py and the bucket tests (ops/backups.md)."""

from __future__ import annotations

from typing import Any

MIB = 1024 * 1024


def s3_backups_storage(
    *, bucket: str, endpoint_url: str, region: str, prefix: str
) -> dict[str, Any]:
    """STORAGES["backups"] for `bucket` (empty endpoint and region: boto3's own defaults)."""
    from boto3.s3.transfer import TransferConfig  # (boto3 is imported only with a bucket)

    # A backup is uploaded and downloaded in 8 MiB parts, one after the other: one part in
    # memory at a time (boto3's threaded default reads up to 10 parts ahead, 80 MiB, and
    # measured 52 MiB for a 48 MiB archive; tests/portal/continuity/test_backups_s3.py). The
    # nightly job has hours; a worker pod's memory is what is short.
    transfer = TransferConfig(
        multipart_threshold=8 * MIB, multipart_chunksize=8 * MIB, use_threads=False
    )
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url or None,
            "region_name": region or None,
            "location": prefix,
            # No credentials here, ever: without them django-storages takes AWS_ACCESS_KEY_ID
            # and AWS_SECRET_ACCESS_KEY from the environment (the chart's Secret), and else
            # boto3 its default chain (an IRSA web identity token, an instance role).
            #
            # No ACL is sent: a new object is then private to the bucket's owner, and an AWS
            # bucket with ACLs disabled ("bucket owner enforced", the default since 2023)
            # refuses any ACL but bucket-owner-full-control. Public access is the bucket's
            # policy's business: none (ops/backups.md).
            "default_acl": None,
            # url() is never handed out; if it ever were, it would be signed and expire.
            "querystring_auth": True,
            "querystring_expire": 300,
            # A backup is never replaced: a name taken already gets a suffix.
            "file_overwrite": False,
            # Reading a backup (the drill) spools to a temporary file past 1 MiB instead of
            # holding the archive in memory (django-storages' default, 0, never spools).
            "max_memory_size": MIB,
            "transfer_config": transfer,
        },
    }
