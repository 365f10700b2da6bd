#!/bin/sh
# Runs export_test.py with the system python3 (no torch, no diffusers needed).
exec python3 tools/sample/export/export_test.py
