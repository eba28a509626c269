"""The Ray executor: the same per-video work as Ray tasks, on a local Ray or a cluster.

With no address a local Ray is started with ``jobs`` CPUs; with an address (``auto``,
``ray://head:10001``) the batch runs on that cluster, whose nodes must see the same paths
for videos, outputs and the cache (shared storage); see docs/batch.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from vidmark.batch.inputs import BatchItem
from vidmark.batch.work import BatchOptions, Outcome, process_item
from vidmark.errors import ConfigError


def run_on_ray(todo: list[BatchItem], options: BatchOptions, emit: Callable, address: str | None) -> Iterator[Outcome]:
    try:
        import ray
    except ImportError:
        raise ConfigError("--ray needs Ray: pip install 'vidmark[ray]'") from None
    if not ray.is_initialized():
        if address:
            ray.init(address=address, log_to_driver=False)
        else:
            ray.init(num_cpus=options.jobs, include_dashboard=False, log_to_driver=False)
    task = ray.remote(num_cpus=1, max_retries=1)(process_item)
    by_ref = {}
    for item in todo:
        emit(("start", item.name, item.path))
        by_ref[task.remote(item.model_dump(), options.model_dump())] = item
    remaining = list(by_ref)
    while remaining:
        done, remaining = ray.wait(remaining, num_returns=1)
        for ref in done:
            item = by_ref[ref]
            try:
                yield Outcome(**ray.get(ref))
            except ray.exceptions.RayError as exc:
                yield Outcome(name=item.name, path=item.path, status="failed", exit_code=70,
                              error=f"Ray task failed: {str(exc).splitlines()[0]}")
