package api

import "github.com/proplink/chat/shared/apigw"

// Request is an API Gateway HTTP API (payload v2.0) request.
type Request = apigw.Request

// Response is an API Gateway HTTP API response.
type Response = apigw.Response
