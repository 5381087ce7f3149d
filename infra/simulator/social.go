package simulator

import (
	"encoding/json"
	"maps"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/proplink/chat/shared/messaging"
)

// SocialAccount makes a simulator account an AWS End User Messaging Social linked number: the
// product reaches it through the service's REST API (SigV4-signed) by its ARNs, and its
// events (Meta's webhook entry with a context naming the ARNs) are published to an SNS topic
// instead of POSTed. The account's PhoneNumberID and WABAID stay Meta's ids, as the entries
// carry them.
type SocialAccount struct {
	PhoneNumberARN string
	WABAARN        string
	// TopicARN is the event destination linked to the WABA (the stack's SocialEventsTopic in
	// moto); events are not sent while it is empty.
	TopicARN string
}

// socialState holds the AWS clients the service's dialect needs: SNS to publish events, S3 to
// read and write media objects (moto's, through the real SDK).
type socialState struct {
	mu    sync.Mutex
	sns   *sns.Client
	s3    *s3.Client
	calls map[SocialCall]int
}

// SocialCall is one kind of request to the service: the access key id that signed it, the IAM
// action it needs and the ARN it named (the phone number's, or the WABA's for a listing).
type SocialCall struct {
	AccessKey, Action, Resource string
}

// SocialCallsBy returns how many requests of each kind the service has had, for checking them
// against the callers' IAM policies.
func (s *Simulator) SocialCallsBy() map[SocialCall]int {
	s.social.mu.Lock()
	defer s.social.mu.Unlock()
	return maps.Clone(s.social.calls)
}

// SocialCalls returns how many requests each of the service's operations has had, by IAM
// action (social-messaging:SendWhatsAppMessage, ...).
func (s *Simulator) SocialCalls() map[string]int {
	out := map[string]int{}
	for c, n := range s.SocialCallsBy() {
		out[c.Action] += n
	}
	return out
}

// countSocial records one request of r to the service's operation op naming resource.
func (s *Simulator) countSocial(r *http.Request, op, resource string) {
	key := ""
	if _, cred, ok := strings.Cut(r.Header.Get("Authorization"), "Credential="); ok {
		key, _, _ = strings.Cut(cred, "/")
	}
	s.social.mu.Lock()
	defer s.social.mu.Unlock()
	if s.social.calls == nil {
		s.social.calls = map[SocialCall]int{}
	}
	s.social.calls[SocialCall{AccessKey: key, Action: "social-messaging:" + op, Resource: resource}]++
}

// SetAWS points the End User Messaging Social dialect at AWS (moto): events are published to
// SNS and media read from and written to S3 with cfg.
func (s *Simulator) SetAWS(cfg aws.Config) {
	s.social.mu.Lock()
	defer s.social.mu.Unlock()
	s.social.sns = sns.NewFromConfig(cfg)
	s.social.s3 = s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
}

// clients returns the AWS clients, or false while SetAWS has not been called.
func (s *Simulator) awsClients() (*sns.Client, *s3.Client, bool) {
	s.social.mu.Lock()
	defer s.social.mu.Unlock()
	return s.social.sns, s.social.s3, s.social.sns != nil
}

// socialRoutes adds the service's endpoints to the simulator's API.
func (s *Simulator) socialRoutes(mux *http.ServeMux) {
	mux.HandleFunc("POST /v1/whatsapp/send", s.socialHandler(s.handleSocialSend))
	mux.HandleFunc("GET /v1/whatsapp/template/list", s.socialHandler(s.handleSocialTemplates))
	mux.HandleFunc("GET /v1/whatsapp/template", s.socialHandler(s.handleSocialTemplate))
	mux.HandleFunc("POST /v1/whatsapp/media", s.socialHandler(s.handleSocialMediaPost))
	mux.HandleFunc("POST /v1/whatsapp/media/get", s.socialHandler(s.handleSocialMediaGet))
}

// socialHandler refuses a request without a SigV4 signature for the service, as AWS does; the
// signature itself is not checked (the simulator knows no secret keys).
func (s *Simulator) socialHandler(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		if !strings.HasPrefix(auth, "AWS4-HMAC-SHA256 Credential=") || !strings.Contains(auth, "/social-messaging/aws4_request") ||
			!strings.Contains(auth, "Signature=") || r.Header.Get("X-Amz-Date") == "" {
			writeSocialError(w, http.StatusForbidden, "MissingAuthenticationTokenException", "Missing Authentication Token")
			return
		}
		h(w, r)
	}
}

// writeSocialError answers as the service fails: the exception's name in X-Amzn-ErrorType and
// a JSON body with its message.
func writeSocialError(w http.ResponseWriter, status int, kind, msg string) {
	w.Header().Set("X-Amzn-ErrorType", kind)
	writeJSON(w, status, map[string]string{"message": msg})
}

// accountBySocialPhone finds the account whose linked number has arn (or its
// phone-number-id-… id, the ARN's resource name).
func (s *Simulator) accountBySocialPhone(id string) (Account, bool) {
	for _, a := range s.accounts {
		if a.Social == nil {
			continue
		}
		_, res, _ := strings.Cut(a.Social.PhoneNumberARN, ":phone-number-id/")
		if id == a.Social.PhoneNumberARN || (res != "" && id == "phone-number-id-"+res) {
			return a, true
		}
	}
	return Account{}, false
}

// socialFault answers a scripted fault in the service's terms: Meta's rate limits are
// ThrottledRequestException, an expired token the IAM role's AccessDeniedException, Meta's
// policy blocks AccessDeniedByMetaException, a 5xx InternalServiceException and any other Meta
// code a ValidationException carrying Meta's message. It returns true when the request should
// go on (a delay-only fault).
func (s *Simulator) socialFault(w http.ResponseWriter, r *http.Request, f Fault) bool {
	if f.Delay > 0 {
		delayOnly := f
		delayOnly.Code, delayOnly.HTTPStatus = 0, 0
		s.applyFault(w, r, delayOnly)
	}
	switch {
	case f.Code == 4 || f.Code == 80007 || f.Code == 130429 || f.Code == 131056 || f.HTTPStatus == http.StatusTooManyRequests:
		writeSocialError(w, http.StatusTooManyRequests, "ThrottledRequestException", "Rate exceeded")
	case f.Code == 190:
		writeSocialError(w, http.StatusForbidden, "AccessDeniedException", "User is not authorized to perform: social-messaging:SendWhatsAppMessage")
	case f.Code == 368 || f.Code == 131031:
		writeSocialError(w, http.StatusForbidden, "AccessDeniedByMetaException", errorFor(f.Code, "").Message)
	case f.HTTPStatus >= 500 || f.Code == 1 || f.Code == 2 || f.Code == 131000:
		writeSocialError(w, http.StatusInternalServerError, "InternalServiceException", "Internal service error")
	case f.Code != 0:
		writeSocialError(w, http.StatusBadRequest, "ValidationException", errorFor(f.Code, "").Message)
	case f.HTTPStatus != 0:
		writeSocialError(w, f.HTTPStatus, "ValidationException", "Simulated failure")
	default:
		return true
	}
	return false
}

// handleSocialSend is SendWhatsAppMessage, POST /v1/whatsapp/send: {message (base64 of Meta's
// message JSON), metaApiVersion, originationPhoneNumberId}, answered {"messageId": wamid}; a
// read receipt in the message is recorded and answered without a message id.
// Meta's refusals of the message are ValidationExceptions with Meta's message.
func (s *Simulator) handleSocialSend(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Message        []byte `json:"message"`
		MetaAPIVersion string `json:"metaApiVersion"`
		Origination    string `json:"originationPhoneNumberId"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxSendBody)).Decode(&in); err != nil {
		writeSocialError(w, http.StatusBadRequest, "ValidationException", "The request body is not valid JSON: "+err.Error())
		return
	}
	s.countSocial(r, "SendWhatsAppMessage", in.Origination)
	acct, ok := s.accountBySocialPhone(in.Origination)
	switch {
	case in.MetaAPIVersion == "" || len(in.Message) == 0:
		writeSocialError(w, http.StatusBadRequest, "ValidationException", "message and metaApiVersion are required")
		return
	case !ok:
		writeSocialError(w, http.StatusNotFound, "ResourceNotFoundException", "No linked phone number "+in.Origination)
		return
	}
	var req SendRequest
	if err := json.Unmarshal(in.Message, &req); err != nil {
		writeSocialError(w, http.StatusBadRequest, "ValidationException", "message is not Meta's message JSON")
		return
	}
	if req.Status != "" {
		s.socialReadReceipt(w, acct, req)
		return
	}
	if f, ok := s.takeFault(PathMessages, strings.TrimPrefix(req.To, "+")); ok && !s.socialFault(w, r, f) {
		return
	}
	msg, apiErr := s.accept(acct, messaging.ProviderAWSSocial, req, in.Message)
	if apiErr != nil {
		writeSocialError(w, http.StatusBadRequest, "ValidationException", apiErr.Message+": "+apiErr.Details)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"messageId": msg.WAMID})
}

// handleSocialTemplates is ListWhatsAppMessageTemplates, GET /v1/whatsapp/template/list?id=
// <WABA ARN>&nextToken&maxResults: each template's name, Meta id, status, language and
// category, a page at a time.
func (s *Simulator) handleSocialTemplates(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.countSocial(r, "ListWhatsAppMessageTemplates", q.Get("id"))
	if !s.knownSocialWABA(w, q.Get("id")) {
		return
	}
	if f, ok := s.takeFault(PathTemplates, ""); ok && !s.socialFault(w, r, f) {
		return
	}
	size := min(max(queryInt(q, "maxResults", 100), 1), 100)
	start := 0
	if t := q.Get("nextToken"); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil || n < 0 {
			writeSocialError(w, http.StatusBadRequest, "ValidationException", "nextToken is not valid")
			return
		}
		start = n
	}
	tpls := s.Templates()
	page := map[string]any{"templates": []map[string]string{}}
	var list []map[string]string
	for _, t := range tpls[min(start, len(tpls)):min(start+size, len(tpls))] {
		list = append(list, map[string]string{"templateName": t.Name, "metaTemplateId": t.ProviderID, "templateStatus": t.Status,
			"templateLanguage": t.Language, "templateCategory": t.Category, "templateQualityScore": "GREEN"})
	}
	if list != nil {
		page["templates"] = list
	}
	if start+size < len(tpls) {
		page["nextToken"] = strconv.Itoa(start + size)
	}
	writeJSON(w, http.StatusOK, page)
}

// knownSocialWABA reports whether id is a linked WABA's ARN, answering ResourceNotFoundException
// when it is not.
func (s *Simulator) knownSocialWABA(w http.ResponseWriter, id string) bool {
	for _, a := range s.accounts {
		if a.Social != nil && a.Social.WABAARN == id {
			return true
		}
	}
	writeSocialError(w, http.StatusNotFound, "ResourceNotFoundException", "No linked WhatsApp Business Account "+id)
	return false
}

// handleSocialTemplate is GetWhatsAppMessageTemplate, GET /v1/whatsapp/template?id=<WABA ARN>
// &metaTemplateId: the template as Meta describes it (name, language, status, category,
// parameter_format, components, id), as a JSON string: {"template": "{…}"}.
func (s *Simulator) handleSocialTemplate(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.countSocial(r, "GetWhatsAppMessageTemplate", q.Get("id"))
	if !s.knownSocialWABA(w, q.Get("id")) {
		return
	}
	if q.Get("metaTemplateId") == "" {
		writeSocialError(w, http.StatusBadRequest, "ValidationException", "metaTemplateId is required")
		return
	}
	if f, ok := s.takeFault(PathTemplates, ""); ok && !s.socialFault(w, r, f) {
		return
	}
	for _, t := range s.Templates() {
		if t.ProviderID != q.Get("metaTemplateId") {
			continue
		}
		def, err := json.Marshal(toWire(t, ""))
		if err != nil {
			writeSocialError(w, http.StatusInternalServerError, "InternalServiceException", err.Error())
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"template": string(def)})
		return
	}
	writeSocialError(w, http.StatusNotFound, "ResourceNotFoundException", "No template "+q.Get("metaTemplateId"))
}
