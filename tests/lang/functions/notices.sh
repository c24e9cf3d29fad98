#!/bin/sh
# SPDX-License-Identifier: MIT
# notices.sh < log: the messages of notice() calls in a Puppet (or tend)
# log, without the "Notice: Scope(...): " prefix. A message continues on
# the following lines until the next line that starts a log entry
# ("Notice: ", "Warning: ", "Error: ", "Info: ", "Debug: "...).
exec awk '
	/^(Notice|Warning|Error|Info|Debug|Alert|Critical|Emergency): / {
		keep = 0
		if (sub(/^Notice: Scope\([^)]*\): /, "")) {
			keep = 1
			print
		}
		next
	}
	keep { print }
'
