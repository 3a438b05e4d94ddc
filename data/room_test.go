package data_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"clinicadmin/data"
)

func TestCreateRoom(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s := MustOpen(t)
		r, err := s.CreateRoom(ctx, "  Pädiatrie ", "ped-2")
		if err != nil {
			t.Fatal(err)
		}
		want := data.Room{ID: r.ID, Name: "Pädiatrie", Code: "PED-2", Active: true}
		if r != want {
			t.Errorf("got %+v, want %+v", r, want)
		}
		rooms, err := s.ListRooms(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(rooms) != 2 || rooms[1] != want {
			t.Errorf("got %+v, want Main then %+v", rooms, want)
		}
		e := lastAudit(t, s)
		if e.Action != "room.create" || e.RoomID != r.ID || e.MemberID != 0 {
			t.Errorf("got audit %+v, want room.create of room %d", e, r.ID)
		}
	})
	t.Run("ErrFields", func(t *testing.T) {
		_, err := MustOpen(t).CreateRoom(ctx, "", "A_B")
		assertFieldError(t, err, data.FieldRoomName, "is required")
		if want := "Room name is required.\n" +
			"Room code must use only letters A-Z, digits and -."; err.Error() != want {
			t.Errorf("got %q, want %q", err.Error(), want)
		}
	})
	t.Run("ErrDuplicate", func(t *testing.T) {
		s := MustOpen(t)
		_, err := s.CreateRoom(ctx, "MAIN", "X")
		assertDuplicate(t, err, data.FieldRoomName)
		if want := "Room name is already used by another room."; err.Error() != want {
			t.Errorf("got %q, want %q", err.Error(), want)
		}
		_, err = s.CreateRoom(ctx, "Other", "main")
		assertDuplicate(t, err, data.FieldRoomCode)
	})
}

func TestRenameRoom(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s := MustOpen(t)
		id := mainRoom(t, s)
		if err := s.RenameRoom(ctx, id, "Front room"); err != nil {
			t.Fatal(err)
		}
		rooms, _ := s.ListRooms(ctx)
		if rooms[0].Name != "Front room" {
			t.Errorf("got %q, want Front room", rooms[0].Name)
		}
		if e := lastAudit(t, s); e.Action != "room.rename" || e.RoomID != id {
			t.Errorf("got audit %+v, want room.rename", e)
		}
	})
	t.Run("ErrDuplicate", func(t *testing.T) {
		s := MustOpen(t)
		r, err := s.CreateRoom(ctx, "Other", "OTH")
		if err != nil {
			t.Fatal(err)
		}
		assertDuplicate(t, s.RenameRoom(ctx, r.ID, "main"), data.FieldRoomName)
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		if err := MustOpen(t).RenameRoom(ctx, 42, "X"); !errors.Is(err, data.ErrNotFound) {
			t.Fatalf("got %v, want ErrNotFound", err)
		}
	})
}

func TestSetRoomActive(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s := MustOpen(t)
		id := mainRoom(t, s)
		if err := s.SetRoomActive(ctx, id, false); err != nil {
			t.Fatal(err)
		}
		rooms, _ := s.ListRooms(ctx)
		if rooms[0].Active {
			t.Errorf("got active, want inactive")
		}
		if e := lastAudit(t, s); e.Action != "room.active" || e.RoomID != id {
			t.Errorf("got audit %+v, want room.active", e)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		err := MustOpen(t).SetRoomActive(ctx, 42, false)
		if !errors.Is(err, data.ErrNotFound) {
			t.Fatalf("got %v, want ErrNotFound", err)
		}
	})
}

func TestDeleteRoom(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s := MustOpen(t)
		r, err := s.CreateRoom(ctx, "Other", "OTH")
		if err != nil {
			t.Fatal(err)
		}
		m := mustCreate(t, s, input(t, s, "1"))
		v, err := s.AddVisit(ctx, data.VisitInput{MemberID: m.ID, RoomID: r.ID, At: visitDay})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteRoom(ctx, r.ID); err != nil {
			t.Fatal(err)
		}
		visits, err := s.ListVisits(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := []data.Visit{{ID: v.ID, MemberID: m.ID, At: visitDay}}
		if !reflect.DeepEqual(visits, want) {
			t.Errorf("got %+v, want %+v (no room)", visits, want)
		}
		if e := lastAudit(t, s); e.Action != "room.delete" || e.RoomID != r.ID {
			t.Errorf("got audit %+v, want room.delete", e)
		}
	})
	t.Run("ErrInUse", func(t *testing.T) {
		s := MustOpen(t)
		mustCreate(t, s, input(t, s, "1"))
		mustCreate(t, s, input(t, s, "2"))
		err := s.DeleteRoom(ctx, mainRoom(t, s))
		var ue *data.RoomInUseError
		if !errors.As(err, &ue) || ue.Members != 2 {
			t.Fatalf("got %v, want *RoomInUseError with 2 members", err)
		}
		want := "The room has 2 members; move them to another room before removing it."
		if err.Error() != want {
			t.Errorf("got %q, want %q", err.Error(), want)
		}
		rooms, _ := s.ListRooms(ctx)
		if len(rooms) != 1 || rooms[0].Members != 2 {
			t.Errorf("got %+v, want Main with 2 members", rooms)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		if err := MustOpen(t).DeleteRoom(ctx, 42); !errors.Is(err, data.ErrNotFound) {
			t.Fatalf("got %v, want ErrNotFound", err)
		}
	})
}
