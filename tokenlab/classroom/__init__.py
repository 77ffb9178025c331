"""A class a teacher can see: students' predictions and exercise results, from a shared folder.

Opt-in and local: on a JupyterHub the teacher makes a folder every student can write to and sets
``TOKENLAB_CLASS_DIR`` to it (in the hub's spawner environment), or each lesson calls
``share(folder)``. Each student's kernel then writes its results to a file of its own there, under
the hub's user name (``JUPYTERHUB_USER``) or, without a hub, under a random id. No server of
tokenlab's, no network: a folder. The teacher reads it::

    from tokenlab import classroom
    view = classroom.load()          # the class folder; without one, your own progress here
    view                             # who guessed what, which exercises the class is stuck on
    view.guesses_chart(lesson="01")  # each question's guesses against the answer
    view.exercises_chart()

``sample_class(folder)`` writes a made-up class, to see all this before a real one. The nbgrader
assignment of the lessons' exercises comes from ``python -m tokenlab.classroom.assignment``.
"""

from __future__ import annotations

from ..exercises.progress import share
from .sample import sample_class
from .view import ClassView, load

__all__ = ["load", "ClassView", "share", "sample_class"]
