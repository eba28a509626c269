"""The HTTP service: durable annotation jobs over HTTP, the seed's ``/api/predict`` and a
web UI with a timeline editor. Needs the ``serve`` extra (FastAPI, uvicorn)."""

from vidmark.service.app import create_app
from vidmark.service.settings import ServiceSettings

__all__ = ["ServiceSettings", "create_app"]
