{{/*
Expand the name of the chart.
*/}}
{{- define "social-analytics.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Create a default fully qualified app name, truncated at 63 characters (some Kubernetes name
fields are limited to this). If the release name contains the chart name it is used as the full name.
*/}}
{{- define "social-analytics.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The name of one role's objects: <fullname>-<role>, truncated so the suffix always fits.
Usage: include "social-analytics.roleFullname" (dict "root" $ "role" "api")
*/}}
{{- define "social-analytics.roleFullname" -}}
{{- printf "%s-%s" (include "social-analytics.fullname" .root | trunc (int (sub 62 (len .role))) | trimSuffix "-") .role }}
{{- end }}

{{/*
Chart name and version as used by the chart label.
*/}}
{{- define "social-analytics.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels.
*/}}
{{- define "social-analytics.labels" -}}
helm.sh/chart: {{ include "social-analytics.chart" . }}
{{ include "social-analytics.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: {{ include "social-analytics.name" . }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
Selector labels: the immutable subset (a Deployment's selector cannot change after install).
*/}}
{{- define "social-analytics.selectorLabels" -}}
app.kubernetes.io/name: {{ include "social-analytics.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Labels of one role's objects. Usage: include "social-analytics.roleLabels" (dict "root" $ "role" "api")
*/}}
{{- define "social-analytics.roleLabels" -}}
{{ include "social-analytics.labels" .root }}
app.kubernetes.io/component: {{ .role }}
{{- end }}

{{/*
Selector labels of one role. Usage: include "social-analytics.roleSelectorLabels" (dict "root" $ "role" "api")
*/}}
{{- define "social-analytics.roleSelectorLabels" -}}
{{ include "social-analytics.selectorLabels" .root }}
app.kubernetes.io/component: {{ .role }}
{{- end }}

{{/*
The name of the service account to use.
*/}}
{{- define "social-analytics.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "social-analytics.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The Secret the pods read their credentials from: the operator's own, or the chart's.
*/}}
{{- define "social-analytics.secretName" -}}
{{- default (include "social-analytics.fullname" .) .Values.existingSecret }}
{{- end }}

{{/*
The image reference; the tag defaults to the chart's appVersion, a digest wins over both.
*/}}
{{- define "social-analytics.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}
