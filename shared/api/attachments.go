package api

import (
	"context"
	"time"

	"github.com/proplink/chat/shared/apigw"
	"github.com/proplink/chat/shared/attachments"
	"github.com/proplink/chat/shared/messaging"
)

// PermAttachmentsView lets a caller read attachments (metadata and a download URL) without
// the right to send; callers who may send may read too.
const PermAttachmentsView = "api.whatsapp.attachments.view"

// Attachments issues upload URLs and reads attachments (attachments.Service is one).
type Attachments interface {
	CreateUpload(ctx context.Context, orgID, userID string, req attachments.UploadRequest) (attachments.Upload, error)
	Get(ctx context.Context, orgID, id string) (attachments.Attachment, string, time.Time, error)
}

// uploadBody is POST /api/whatsapp/attachments's body: the upload request (and csrf_token), no
// other field.
type uploadBody struct {
	attachments.UploadRequest
	apigw.CSRF
}

// attachmentView is an attachment as the API shows it, with its download URL when stored.
type attachmentView struct {
	attachments.Attachment
	DownloadURL string     `json:"download_url,omitempty"`
	ExpiresAt   *time.Time `json:"download_url_expires_at,omitempty"`
}

// createAttachment is POST /api/whatsapp/attachments: a presigned PUT (type and size bounded)
// and the attachment id a staff reply then carries. Requires api.whatsapp.send.
func (a *API) createAttachment(ctx context.Context, p messaging.Principal, r apigw.Request) apigw.Response {
	var b uploadBody
	if err := apigw.DecodeJSON(r, &b); err != nil {
		return a.fail(ctx, err)
	}
	up, err := a.Attachments.CreateUpload(ctx, p.OrgID, p.UserID, b.UploadRequest)
	if err != nil {
		return a.fail(ctx, err)
	}
	return apigw.OK(up, "Upload the file with the URL, then send it with its attachment id")
}

// getAttachment is GET /api/whatsapp/attachments/{attachment_id}: metadata and a presigned
// GET URL valid for at most 15 minutes. Requires api.whatsapp.send or
// api.whatsapp.attachments.view; another organisation's attachment is not found.
func (a *API) getAttachment(ctx context.Context, p messaging.Principal, r apigw.Request) apigw.Response {
	att, url, exp, err := a.Attachments.Get(ctx, p.OrgID, r.PathParameters["attachment_id"])
	if err != nil {
		return a.fail(ctx, err)
	}
	v := attachmentView{Attachment: att, DownloadURL: url}
	if url != "" {
		v.ExpiresAt = &exp
	}
	return apigw.OK(v, "")
}
