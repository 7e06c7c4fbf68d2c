"""Publish: the finished marts replace the warehouse file atomically."""
