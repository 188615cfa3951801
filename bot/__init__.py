"""What ships around the knowledge base and the actions, one sub-package per job.

rasa/ (plug-ins Rasa loads), cli/ (the `advisor` command and the supervision loop), web/ (the
students' chat page), transcripts/ (the analysts' tool), scale/ (the scale-out profile).
"""
