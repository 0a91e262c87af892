package password

import "testing"

func TestHashVerify(t *testing.T) {
	h, err := Hash("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := Verify(h, "correct horse battery"); !ok || err != nil {
		t.Fatalf("right password refused: %v %v", ok, err)
	}
	if ok, _ := Verify(h, "correct horse batterY"); ok {
		t.Fatal("wrong password accepted")
	}
	h2, _ := Hash("correct horse battery")
	if h == h2 {
		t.Fatal("two hashes of one password are equal: salt missing")
	}
	if _, err := Verify("$2a$10$notargon", "x"); err == nil {
		t.Fatal("foreign hash format accepted")
	}
}
