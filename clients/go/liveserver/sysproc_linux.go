//go:build linux

package liveserver

import "syscall"

// Own process group (so a stuck service can be killed as a group), and SIGTERM to the script if the
// test binary dies without stopping it.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
}

func killGroup(pid int) { _ = syscall.Kill(-pid, syscall.SIGKILL) }
