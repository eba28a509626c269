"""Signals: what can be measured in a video without a model server (shots, text, speech)."""
