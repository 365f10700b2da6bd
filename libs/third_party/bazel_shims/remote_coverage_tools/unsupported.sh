#!/bin/sh
echo "coverage is not supported in the offline dolly build" >&2
exit 1
