//go:build !linux && !windows

package liveserver

import "syscall"

// Own process group, so a stuck service can be killed as a group.
func sysProcAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }

func killGroup(pid int) { _ = syscall.Kill(-pid, syscall.SIGKILL) }
