"""Stop reading an oversized résumé as soon as it passes the limit, instead of storing it all."""

from __future__ import annotations

from django.core.files.uploadhandler import FileUploadHandler, SkipFile

from applications.resume import MAX_RESUME_BYTES


class ResumeSizeLimitHandler(FileUploadHandler):
    """Runs before Django's handlers: counts a file's bytes and skips the file past the limit."""

    def __init__(self, request=None, limit: int = MAX_RESUME_BYTES):
        super().__init__(request)
        self.limit = limit
        self.received = 0
        request.upload_too_large = False

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.request.upload_too_large = True
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size):
        return None


def limit_uploads(request) -> None:
    """Must run before anything reads request.POST (hence csrf_exempt + csrf_protect)."""
    request.upload_handlers.insert(0, ResumeSizeLimitHandler(request))
