"""Views: learner.py for residents; educator views arrive with authoring."""
