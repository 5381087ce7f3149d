package local

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
)

// httpAnswer is the HTTP response API Gateway sends the client for a function's answer.
type httpAnswer struct {
	Status int
	Header http.Header
	Body   []byte
}

// translateResponse applies HTTP API's payload v2.0 response rules: an object with statusCode is a
// structured response; any other valid JSON is a 200 application/json body as it is.
func translateResponse(out []byte) (httpAnswer, error) {
	trimmed := bytes.TrimSpace(out)
	if !json.Valid(trimmed) {
		return httpAnswer{}, fmt.Errorf("local: function answer is not valid JSON")
	}
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(trimmed, &probe); err != nil || probe["statusCode"] == nil {
		return httpAnswer{Status: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}}, Body: trimmed}, nil
	}
	var resp struct {
		StatusCode        int                 `json:"statusCode"`
		Headers           map[string]string   `json:"headers"`
		MultiValueHeaders map[string][]string `json:"multiValueHeaders"`
		Cookies           []string            `json:"cookies"`
		Body              *string             `json:"body"`
		IsBase64Encoded   bool                `json:"isBase64Encoded"`
	}
	if err := json.Unmarshal(trimmed, &resp); err != nil {
		return httpAnswer{}, fmt.Errorf("local: malformed function response: %w", err)
	}
	if resp.StatusCode < 100 || resp.StatusCode > 599 {
		return httpAnswer{}, fmt.Errorf("local: function response has statusCode %d", resp.StatusCode)
	}
	a := httpAnswer{Status: resp.StatusCode, Header: http.Header{}}
	for k, vs := range resp.MultiValueHeaders {
		for _, v := range vs {
			a.Header.Add(k, v)
		}
	}
	for k, v := range resp.Headers {
		a.Header.Set(k, v)
	}
	for _, c := range resp.Cookies {
		a.Header.Add("Set-Cookie", c)
	}
	if resp.Body != nil {
		a.Body = []byte(*resp.Body)
		if resp.IsBase64Encoded {
			b, err := base64.StdEncoding.DecodeString(*resp.Body)
			if err != nil {
				return httpAnswer{}, fmt.Errorf("local: function response body is not valid base64: %w", err)
			}
			a.Body = b
		}
	}
	return a, nil
}
