package api

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

const (
	socialNumber = "arn:aws:social-messaging:eu-west-2:123456789012:phone-number-id/976c72a700aac43eaf573ae050example"
	socialWABA   = "arn:aws:social-messaging:eu-west-2:123456789012:waba/1f2e3d4c5b6a"
)

func TestSettingsAWSSocial(t *testing.T) {
	t.Run("PUT names the ARNs, keeps no token and checks the number without one", func(t *testing.T) {
		w := newWorld()
		resp := putSettings(w, `{"provider":"aws-social","phone_number_id":"`+socialNumber+`","waba_id":"`+socialWABA+`","app_secret":"appsecret123"}`)
		if resp.StatusCode != 200 {
			t.Fatalf("status = %d: %s", resp.StatusCode, resp.Body)
		}
		st := w.store.settings("org1")
		if st.Provider != messaging.ProviderAWSSocial || st.PhoneNumberID != socialNumber || st.WABAID != socialWABA ||
			st.APITokenSet || st.APITokenLast4 != "" || st.APIURL != "" || !st.Configured() {
			t.Errorf("stored settings = %+v", st)
		}
		want := []whatsapp.Account{{Provider: messaging.ProviderAWSSocial, PhoneNumberID: socialNumber, WABAID: socialWABA}}
		if diff := cmp.Diff(want, w.provider.Verified()); diff != "" {
			t.Errorf("ownership checks (-want +got):\n%s", diff)
		}
		for name, v := range w.secrets {
			if v == "EAAoldtokenWXYZ" {
				t.Errorf("the old provider's token was carried into %s", name)
			}
		}
	})
	refusals := []struct {
		name, body, msg string
		status          int
	}{
		{"a numeric phone number id", `{"provider":"aws-social","phone_number_id":"1055"}`,
			"Invalid parameter: phone_number_id (for aws-social, the linked phone number's ARN, arn:aws:social-messaging:REGION:ACCOUNT:phone-number-id/ID)", 422},
		{"a WABA ARN as the number", `{"provider":"aws-social","phone_number_id":"` + socialWABA + `"}`, "Invalid or missing required parameter: phone_number_id", 400},
		{"a numeric WABA id", `{"provider":"aws-social","phone_number_id":"` + socialNumber + `","waba_id":"2001"}`,
			"Invalid parameter: waba_id (for aws-social, the linked WABA's ARN, arn:aws:social-messaging:REGION:ACCOUNT:waba/ID)", 422},
		{"an api_url", `{"provider":"aws-social","api_url":"https://graph.facebook.com","phone_number_id":"` + socialNumber + `"}`,
			"Invalid parameter: api_url and api_token are not used with aws-social (the back-end's IAM role is the credential)", 422},
		{"an api_token", `{"provider":"aws-social","api_token":"t","phone_number_id":"` + socialNumber + `"}`,
			"Invalid parameter: api_url and api_token are not used with aws-social (the back-end's IAM role is the credential)", 422},
		{"meta without api_url", `{"provider":"meta","api_token":"t","phone_number_id":"1055"}`, "Invalid or missing required parameter: api_url (needed for meta)", 422},
		{"meta with an ARN as the number", `{"provider":"meta","api_url":"https://graph.facebook.com","api_token":"t","phone_number_id":"` + socialNumber + `"}`,
			"Invalid parameter: phone_number_id (for meta, the provider's numeric id)", 422},
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld()
			resp := putSettings(w, tt.body)
			if resp.StatusCode != tt.status {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.status)
			}
			if got := messageOf(t, resp.Body); got != tt.msg {
				t.Errorf("error = %q, want %q", got, tt.msg)
			}
			if st := w.store.settings("org1"); st.Provider != messaging.ProviderMeta {
				t.Errorf("settings changed: %+v", st)
			}
		})
	}
}
