"""What ships around the knowledge base and the actions, one sub-package per job.

rasa/ (plug-ins Rasa loads), cli/ (the `advisor` command and the supervision loop), router/
(the Rasa port in front of one Rasa process per core), web/ (the students' chat page),
transcripts/ (the analysts' tool), scale/ (the scale-out profile).
private_files.py is shared by them: the tracker store, the CLI and the transcripts tool create
the files that hold students' messages owner-only with it.
"""
