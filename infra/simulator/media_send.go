package simulator

// mediaSendTypes are the message types of free-form media sends.
var mediaSendTypes = map[string]bool{"image": true, "video": true, "audio": true, "document": true, "sticker": true}

// MediaMessage is the media object of a media send: an uploaded media id or a link.
type MediaMessage struct {
	ID       string `json:"id,omitempty"`
	Link     string `json:"link,omitempty"`
	Caption  string `json:"caption,omitempty"`
	Filename string `json:"filename,omitempty"`
}

// validateMediaSend checks a media send: one media object matching the type, by id or link;
// an id must be media the simulator knows (uploaded or registered).
func (s *Simulator) validateMediaSend(req SendRequest) *apiError {
	objs := map[string]*MediaMessage{"image": req.Image, "video": req.Video, "audio": req.Audio, "document": req.Document, "sticker": req.Sticker}
	m := objs[req.Type]
	n := 0
	for _, o := range objs {
		if o != nil {
			n++
		}
	}
	fail := func(code int, details string) *apiError {
		e := errorFor(code, details)
		return &e
	}
	switch {
	case m == nil || n != 1:
		return fail(131008, "The parameter "+req.Type+" is required, and no other media object may be sent.")
	case (m.ID == "") == (m.Link == ""):
		return fail(131009, "Exactly one of "+req.Type+".id and "+req.Type+".link is required.")
	case m.Caption != "" && (req.Type == "audio" || req.Type == "sticker"):
		return fail(131009, req.Type+" messages take no caption.")
	case m.ID != "":
		if _, ok := s.Media(m.ID); !ok {
			return fail(131053, "Media upload error: unknown media id "+m.ID+".")
		}
	}
	return nil
}
