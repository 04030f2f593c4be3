package api_test

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"commhub/backend/model"
)

func TestImportsOverTheBridge(t *testing.T) {
	b, st := newBridge(t)
	created := time.Date(2025, 5, 6, 7, 8, 9, 123456789, time.UTC)
	if err := st.DB.Create(&model.Partner{ID: 5, Name: "Five", Email: "five@example.com", Status: "active", CreatedAt: created, Tags: model.Tags{"vip"}}).Error; err != nil {
		t.Fatal(err)
	}
	csv := "Partner ID,Partner,Email,Account Status,Labels,Created\n" +
		"5,Five,five@example.com,Active,vip,2025-05-06T07:08:09.123456789Z\n" +
		"6,Six,six@example.com,Sleeping,,\n" +
		"7,\"=HYPERLINK(\"\"x\"\")\",seven@example.com,pending,,\n"
	file := map[string]any{"fileName": "partners.csv", "contentBase64": base64.StdEncoding.EncodeToString([]byte(csv))}
	var det struct {
		Mapping map[string]string `json:"mapping"`
		Preview [][]string        `json:"preview"`
		Missing []string          `json:"missing"`
	}
	b.must(&det, "Imports.Detect", "partners", file)
	if det.Mapping["status"] != "Account Status" || len(det.Preview) != 3 || len(det.Missing) != 0 {
		t.Fatalf("detect: %+v", det)
	}
	var res struct {
		Inserted, Updated, Unchanged int
		Errors                       []struct {
			Line    int
			Column  string
			Message string
		}
	}
	b.must(&res, "Imports.Run", "partners", file, det.Mapping, false, "")
	if res.Inserted != 1 || res.Unchanged != 1 || res.Updated != 0 || len(res.Errors) != 1 || res.Errors[0].Line != 3 {
		t.Fatalf("a row stored by the app with the same values is unchanged: %+v", res)
	}
	var exp struct {
		FileName string
		Content  string
		Rows     int
	}
	b.must(&exp, "Imports.Export", "partners", map[string]any{"status": "pending"})
	if exp.Rows != 1 || !strings.Contains(exp.Content, `"'=HYPERLINK(""x"")"`) || exp.FileName != "partners-2026-11-28.csv" {
		t.Fatalf("export: %+v", exp)
	}
	if err := b.call(nil, "Imports.Run", "partners", map[string]any{"fileName": "x.csv", "contentBase64": "%%%"}, nil, false, ""); err == nil || err.Code != "invalid" {
		t.Fatalf("bad base64: %v", err)
	}
	if err := b.call(nil, "Imports.Detect", "people", file); err == nil || !strings.Contains(err.Message, "daily_stats") {
		t.Fatalf("unknown kind: %v", err)
	}
}
