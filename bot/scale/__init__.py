"""Scale-out profile: Rasa and action-server replicas behind nginx, sharing stores."""
