"""Rasa's side of the advisor: the plug-ins Rasa loads, its server entry points, its training."""
