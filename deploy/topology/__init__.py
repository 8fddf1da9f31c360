"""The production topology on one machine (issue 11): ``make topology-up`` and tests/topology.

See :mod:`deploy.topology.topology`; ``python -m deploy.topology up|down`` runs it in the
background.
"""

from deploy.topology.topology import Topology

__all__ = ["Topology"]
