"""The load test: a mixed profile of readers (locustfile.py) against gunicorn on loopback (manage.py loadtest)."""
