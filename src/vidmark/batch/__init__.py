"""Batches: many videos, resumable, on local worker processes or a Ray cluster."""

from vidmark.batch.inputs import BatchItem, expand_inputs
from vidmark.batch.runner import run_batch
from vidmark.batch.work import BatchOptions, Outcome

__all__ = ["BatchItem", "BatchOptions", "Outcome", "expand_inputs", "run_batch"]
