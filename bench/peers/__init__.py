"""The peers bench/serve.py measures Jarida against, set up outside the repository.

Each peer module prepares its site under the peers directory (`BENCH_PEERS_DIR`, default
`../peers` beside the checkout, e.g. /work/peers) and starts its servers, or raises `Skipped`
with the reason the bench prints in its row. Nothing of a peer is kept in the repository.
"""
