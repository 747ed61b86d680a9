"""Générateur du site de référence du titre CIP et du parcours en ACI."""
