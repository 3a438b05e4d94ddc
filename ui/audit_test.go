package ui

import (
	"strings"
	"testing"
)

func TestAuditView(t *testing.T) {
	u := newTestUI(t)
	alice, _, _ := threeMembers(u)
	u.m.tabs.SelectIndex(2)
	u.settle()
	v := u.m.audit

	if got, want := v.chain.Text, "Audit chain verified: 3 entries, intact."; got != want {
		t.Errorf("chain: got %q, want %q", got, want)
	}
	if len(v.entries) != 3 || v.entries[0].ID != 3 {
		t.Fatalf("entries: got %d, want 3, newest first", len(v.entries))
	}
	if !shows(v.table, "member.create") {
		t.Errorf("the table does not show member.create: %q", texts(v.table))
	}

	v.member.SetText(idText(alice.ID))
	u.settle()
	if len(v.entries) != 1 || v.entries[0].MemberID != alice.ID {
		t.Errorf("member filter: got %+v", v.entries)
	}

	v.member.SetText("x")
	u.settle()
	if !strings.Contains(v.hint.Text, "whole number") || len(v.entries) != 0 {
		t.Errorf("bad member id: hint %q, %d entries", v.hint.Text, len(v.entries))
	}

	v.member.SetText("")
	v.action.SetSelected("member.delete")
	u.settle()
	if len(v.entries) != 0 {
		t.Errorf("action filter: got %d entries, want none", len(v.entries))
	}
}
