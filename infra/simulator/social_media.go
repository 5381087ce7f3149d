package simulator

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"path"
	"regexp"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// s3File is the service's S3File: a bucket and a key (a key prefix for a destination).
type s3File struct {
	BucketName string `json:"bucketName"`
	Key        string `json:"key"`
}

// socialMediaID is the service's pattern of a media id.
var socialMediaID = regexp.MustCompile(`^[A-Za-z0-9]{1,100}$`)

// maxSocialMedia caps what the simulator reads of one media object (WhatsApp's largest, 100 MB).
const maxSocialMedia = 100 << 20

// handleSocialMediaPost is PostWhatsAppMessageMedia, POST /v1/whatsapp/media:
// {originationPhoneNumberId, sourceS3File}; the service reads the object itself (from moto's
// S3) and answers {"mediaId": ...}, sendable from that number only.
func (s *Simulator) handleSocialMediaPost(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Origination string  `json:"originationPhoneNumberId"`
		Source      *s3File `json:"sourceS3File"`
		Presigned   any     `json:"sourceS3PresignedUrl"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&in); err != nil {
		writeSocialError(w, http.StatusBadRequest, "ValidationException", "The request body is not valid JSON")
		return
	}
	s.countSocial(r, "PostWhatsAppMessageMedia", in.Origination)
	acct, ok := s.accountBySocialPhone(in.Origination)
	switch {
	case (in.Source == nil) == (in.Presigned == nil):
		writeSocialError(w, http.StatusBadRequest, "InvalidParametersException", "Use exactly one of sourceS3File and sourceS3PresignedUrl")
		return
	case in.Source == nil || in.Source.BucketName == "" || in.Source.Key == "":
		writeSocialError(w, http.StatusBadRequest, "InvalidParametersException", "The simulator reads sourceS3File only, with a bucket and a key")
		return
	case !ok:
		writeSocialError(w, http.StatusNotFound, "ResourceNotFoundException", "No linked phone number "+in.Origination)
		return
	}
	if f, ok := s.takeFault(PathMediaUpload, ""); ok && !s.socialFault(w, r, f) {
		return
	}
	_, s3c, ok := s.awsClients()
	if !ok {
		writeSocialError(w, http.StatusInternalServerError, "InternalServiceException", "the simulator has no AWS to read S3 from (SetAWS)")
		return
	}
	out, err := s3c.GetObject(r.Context(), &s3.GetObjectInput{Bucket: aws.String(in.Source.BucketName), Key: aws.String(in.Source.Key)})
	if err != nil {
		var missing *s3types.NoSuchKey
		if errors.As(err, &missing) {
			writeSocialError(w, http.StatusNotFound, "ResourceNotFoundException", "No object "+in.Source.Key)
			return
		}
		writeSocialError(w, http.StatusBadRequest, "InvalidParametersException", "The object could not be read: "+err.Error())
		return
	}
	defer out.Body.Close()
	data, err := io.ReadAll(io.LimitReader(out.Body, maxSocialMedia+1))
	if err != nil || len(data) > maxSocialMedia {
		writeSocialError(w, http.StatusBadRequest, "InvalidParametersException", "The object could not be read whole")
		return
	}
	sum := sha256.Sum256(data)
	id := s.media.add(&mediaObject{mime: aws.ToString(out.ContentType), fileName: path.Base(in.Source.Key), size: int64(len(data)),
		sha256: hex.EncodeToString(sum[:]), data: data, uploaded: true, phone: acct.PhoneNumberID})
	writeJSON(w, http.StatusOK, map[string]string{"mediaId": id})
}

// handleSocialMediaGet is GetWhatsAppMessageMedia, POST /v1/whatsapp/media/get: {mediaId,
// originationPhoneNumberId, destinationS3File, metadataOnly}; the service writes the media to
// the destination key prefix + media id (in moto's S3) and answers {mimeType, fileSize}.
func (s *Simulator) handleSocialMediaGet(w http.ResponseWriter, r *http.Request) {
	var in struct {
		MediaID      string  `json:"mediaId"`
		Origination  string  `json:"originationPhoneNumberId"`
		Destination  *s3File `json:"destinationS3File"`
		Presigned    any     `json:"destinationS3PresignedUrl"`
		MetadataOnly bool    `json:"metadataOnly"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&in); err != nil {
		writeSocialError(w, http.StatusBadRequest, "ValidationException", "The request body is not valid JSON")
		return
	}
	s.countSocial(r, "GetWhatsAppMessageMedia", in.Origination)
	_, linked := s.accountBySocialPhone(in.Origination)
	switch {
	case !socialMediaID.MatchString(in.MediaID):
		writeSocialError(w, http.StatusBadRequest, "ValidationException", "mediaId must match [A-Za-z0-9]+")
		return
	case in.Destination != nil && in.Presigned != nil:
		writeSocialError(w, http.StatusBadRequest, "InvalidParametersException", "Use either destinationS3File or destinationS3PresignedUrl")
		return
	case !in.MetadataOnly && (in.Destination == nil || in.Destination.BucketName == ""):
		writeSocialError(w, http.StatusBadRequest, "InvalidParametersException", "The simulator writes to destinationS3File only, with a bucket")
		return
	case !linked:
		writeSocialError(w, http.StatusNotFound, "ResourceNotFoundException", "No linked phone number "+in.Origination)
		return
	}
	if f, ok := s.takeFault(PathMediaInfo, ""); ok && !s.socialFault(w, r, f) {
		return
	}
	s.media.mu.Lock()
	o, ok := s.media.objects[in.MediaID]
	s.media.mu.Unlock()
	if !ok {
		writeSocialError(w, http.StatusNotFound, "ResourceNotFoundException", "Meta has no media "+in.MediaID)
		return
	}
	answer := map[string]any{"mimeType": o.mime, "fileSize": (o.size + 1023) / 1024} // the reference says KB
	if in.MetadataOnly {
		writeJSON(w, http.StatusOK, answer)
		return
	}
	_, s3c, ok := s.awsClients()
	if !ok {
		writeSocialError(w, http.StatusInternalServerError, "InternalServiceException", "the simulator has no AWS to write S3 to (SetAWS)")
		return
	}
	data, err := io.ReadAll(o.open())
	if err == nil {
		_, err = s3c.PutObject(r.Context(), &s3.PutObjectInput{Bucket: aws.String(in.Destination.BucketName), Key: aws.String(in.Destination.Key + in.MediaID),
			Body: bytes.NewReader(data), ContentType: aws.String(o.mime), ContentLength: aws.Int64(int64(len(data)))})
	}
	if err != nil {
		writeSocialError(w, http.StatusInternalServerError, "DependencyException", "The media could not be written to S3: "+err.Error())
		return
	}
	writeJSON(w, http.StatusOK, answer)
}
