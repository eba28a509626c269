"""``vidmark serve``: the HTTP API, the seed's /api/predict and the web UI."""

from __future__ import annotations

from pathlib import Path

import click

from vidmark.engines import DEFAULT_ENGINE
from vidmark.errors import ConfigError


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind; off loopback a --token is required.")
@click.option("--port", type=int, default=7860, show_default=True)
@click.option("--media-root", "media_roots", multiple=True, type=click.Path(path_type=Path), help="Folder whose videos clients may name by path; repeatable.")
@click.option("--token", envvar="VIDMARK_TOKEN", default=None, help="Bearer token every API call must carry [env VIDMARK_TOKEN].")
@click.option("--max-upload-mb", type=float, default=2048, show_default=True)
@click.option("--cors-origin", "cors_origins", multiple=True, help="Allow browser calls from this origin; repeatable (off by default).")
@click.option("--data-dir", type=click.Path(path_type=Path), default=None, help="Where jobs, uploads and thumbnails live [default: the user data folder].")
@click.option("--engine", "default_engine", envvar="VIDMARK_ENGINE", default=DEFAULT_ENGINE, show_default=True, help="Engine for /api/predict and jobs that name none.")
@click.option("--workers", type=int, default=1, show_default=True, help="Jobs run at the same time.")
@click.option("--allow-fetch", "fetch_allow", multiple=True, metavar="HOST|CIDR", help="Let URL jobs fetch from this host or network although it is loopback or private; repeatable.")
def serve_command(host: str, port: int, media_roots: tuple[Path, ...], token: str | None, max_upload_mb: float,
                  cors_origins: tuple[str, ...], data_dir: Path | None, default_engine: str, workers: int,
                  fetch_allow: tuple[str, ...]) -> None:
    """Serve the job API (docs at /docs), the seed's /api/predict and the web UI at /."""
    try:
        import uvicorn

        from vidmark.service import ServiceSettings, create_app
    except ImportError as exc:
        raise ConfigError(f"serve needs a package that is not installed ({exc.name}); "
                          "install it with: pip install 'vidmark[serve]'") from None
    settings = ServiceSettings(host=host, port=port, media_roots=list(media_roots), token=token,
                               max_upload_mb=max_upload_mb, cors_origins=list(cors_origins),
                               default_engine=default_engine, workers=workers, fetch_allow=list(fetch_allow),
                               **({"data_dir": data_dir} if data_dir else {}))
    click.echo(f"vidmark: serving on http://{host}:{port}/ (API docs at /docs, data in {settings.data_dir})", err=True)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
