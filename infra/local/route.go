package local

import (
	"net/url"
	"sort"
	"strings"
)

// Route is one HttpApi event of a function: METHOD and path template as the template gives them.
type Route struct {
	Function string // logical id of the function
	Method   string // GET, POST, ..., or ANY
	Path     string // /api/jobs/{job_id}, /files/{proxy+}, or $default
}

// Key is API Gateway's route key: "GET /path" or "$default".
func (r Route) Key() string {
	if r.Path == "$default" {
		return "$default"
	}
	return r.Method + " " + r.Path
}

// router picks the most specific route for a request, as API Gateway HTTP API does.
type router struct {
	routes []Route
}

// segment ranks: a literal beats a {param}, which beats a greedy {proxy+}.
const (
	rankGreedy = 1
	rankParam  = 2
	rankExact  = 3
)

// match returns the best route for method and escaped path, with its path parameters.
func (rt *router) match(method, escapedPath string) (Route, map[string]string, bool) {
	reqSegs := strings.Split(strings.TrimPrefix(escapedPath, "/"), "/")
	var best Route
	var bestParams map[string]string
	var bestRank []int
	found := false
	for _, r := range rt.routes {
		if r.Path == "$default" {
			continue
		}
		if r.Method != "ANY" && r.Method != method {
			continue
		}
		params, rank, ok := matchPath(r.Path, reqSegs)
		if !ok {
			continue
		}
		methodRank := 1
		if r.Method != "ANY" {
			methodRank = 2
		}
		rank = append(rank, methodRank)
		if !found || better(rank, bestRank) {
			best, bestParams, bestRank, found = r, params, rank, true
		}
	}
	if found {
		return best, bestParams, true
	}
	for _, r := range rt.routes {
		if r.Path == "$default" {
			return r, nil, true
		}
	}
	return Route{}, nil, false
}

// matchPath matches a path template against request segments; rank scores each template segment.
func matchPath(tmpl string, reqSegs []string) (map[string]string, []int, bool) {
	segs := strings.Split(strings.TrimPrefix(tmpl, "/"), "/")
	var params map[string]string
	rank := make([]int, 0, len(segs)+1)
	for i, s := range segs {
		if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "+}") {
			if i != len(segs)-1 || i >= len(reqSegs) {
				return nil, nil, false
			}
			rest := strings.Join(reqSegs[i:], "/")
			if rest == "" {
				return nil, nil, false
			}
			if params == nil {
				params = map[string]string{}
			}
			params[s[1:len(s)-2]] = unescape(rest)
			return params, append(rank, rankGreedy), true
		}
		if i >= len(reqSegs) {
			return nil, nil, false
		}
		if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
			if reqSegs[i] == "" {
				return nil, nil, false
			}
			if params == nil {
				params = map[string]string{}
			}
			params[s[1:len(s)-1]] = unescape(reqSegs[i])
			rank = append(rank, rankParam)
			continue
		}
		if unescape(reqSegs[i]) != s {
			return nil, nil, false
		}
		rank = append(rank, rankExact)
	}
	if len(segs) != len(reqSegs) {
		return nil, nil, false
	}
	return params, rank, true
}

// better compares two ranks segment by segment; the first difference decides.
func better(a, b []int) bool {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return a[i] > b[i]
		}
	}
	return len(a) > len(b)
}

func unescape(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}

// sortRoutes orders routes for stable listing.
func sortRoutes(rs []Route) {
	sort.Slice(rs, func(i, j int) bool {
		if rs[i].Path != rs[j].Path {
			return rs[i].Path < rs[j].Path
		}
		return rs[i].Method < rs[j].Method
	})
}
