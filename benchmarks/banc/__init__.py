"""Le banc de mesures du générateur (``make bench``) : ``benchmarks/run.py`` en est l'entrée.

- ``mesure`` : une commande dans un processus neuf (temps écoulé, CPU, mémoire de l'arbre) ;
- ``machine`` : processeur, versions, charge ;
- ``projet`` : projets de mesure (copie du dépôt) et référentiels synthétiques ;
- ``rapport`` : sections Markdown ;
- ``contexte`` : ce que les rubriques partagent ;
- ``rubriques/`` : une rubrique par module, listées dans ``rubriques.RUBRIQUES``.
"""
