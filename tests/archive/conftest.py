"""The archive tests index the task tests' generated videos, sharing their cache."""

from tests.tasks.conftest import chinese, narrated, private_cache, task_cache  # noqa: F401 - fixtures
