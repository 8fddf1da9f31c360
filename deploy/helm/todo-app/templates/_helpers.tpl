{{/*
Names and labels, as in the `helm create` skeleton.
*/}}

{{/* Chart name, overridable, capped at 63 characters (DNS-1123 label). */}}
{{- define "todo-app.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified app name, capped at 63 characters. A release named like the chart
(`todo-app`) gives `todo-app`, so the ConfigMap is `todo-app-config` as in the seed.
*/}}
{{- define "todo-app.fullname" -}}
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

{{/* Chart name and version for the `helm.sh/chart` label. */}}
{{- define "todo-app.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels every object carries. */}}
{{- define "todo-app.labels" -}}
helm.sh/chart: {{ include "todo-app.chart" . }}
{{ include "todo-app.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: {{ include "todo-app.name" . }}
{{- end }}

{{/* Labels that identify the release's pods. */}}
{{- define "todo-app.selectorLabels" -}}
app.kubernetes.io/name: {{ include "todo-app.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Labels of one component. Call with (dict "root" $ "component" "backend"). */}}
{{- define "todo-app.componentLabels" -}}
{{ include "todo-app.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* Selector of one component. Call with (dict "root" $ "component" "backend"). */}}
{{- define "todo-app.componentSelectorLabels" -}}
{{ include "todo-app.selectorLabels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* ServiceAccount used by every pod. */}}
{{- define "todo-app.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "todo-app.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* ConfigMap and Secret names (seed: todo-app-config, todo-app-secrets). */}}
{{- define "todo-app.configName" -}}
{{- printf "%s-config" (include "todo-app.fullname" .) }}
{{- end }}

{{- define "todo-app.secretName" -}}
{{- if .Values.secrets.existingSecret }}
{{- .Values.secrets.existingSecret }}
{{- else }}
{{- printf "%s-secrets" (include "todo-app.fullname" .) }}
{{- end }}
{{- end }}

{{/* The reminder worker's mail settings (SMTP_*): smtp.existingSecret or <fullname>-smtp. */}}
{{- define "todo-app.smtpSecretName" -}}
{{- default (printf "%s-smtp" (include "todo-app.fullname" .)) .Values.smtp.existingSecret }}
{{- end }}

{{/* A checksum of the rendered mail Secret, so a new SMTP password rolls the pods that mail. */}}
{{- define "todo-app.smtpChecksum" -}}
{{- if not .Values.smtp.existingSecret }}
checksum/smtp: {{ include (print .Template.BasePath "/smtp-secret.yaml") . | sha256sum }}
{{- end }}
{{- end }}

{{- define "todo-app.postgresqlSecretName" -}}
{{- default (printf "%s-postgresql" (include "todo-app.fullname" .)) .Values.postgresql.auth.existingSecret }}
{{- end }}

{{/* Images. */}}
{{- define "todo-app.image" -}}
{{- printf "%s:%s" .Values.image.repository .Values.image.tag }}
{{- end }}

{{- define "todo-app.mcpImage" -}}
{{- printf "%s:%s" .Values.mcpImage.repository .Values.mcpImage.tag }}
{{- end }}

{{/* Public URL: config.publicUrl, or derived from the Ingress host and TLS switch (localhost and the frontend port without an Ingress). */}}
{{- define "todo-app.publicUrl" -}}
{{- if .Values.config.publicUrl }}
{{- .Values.config.publicUrl }}
{{- else if not .Values.ingress.enabled }}
{{- /* No Ingress: NOTES.txt port-forwards the frontend to localhost */}}
{{- printf "http://localhost:%v" .Values.frontend.port }}
{{- else }}
{{- printf "%s://%s" (ternary "https" "http" .Values.ingress.tls.enabled) .Values.ingress.host }}
{{- end }}
{{- end }}

{{/* CORS_ORIGINS: config.corsOrigins, or the public URL's origin (never `*`). */}}
{{- define "todo-app.corsOrigins" -}}
{{- if .Values.config.corsOrigins }}
{{- .Values.config.corsOrigins }}
{{- else }}
{{- $url := urlParse (include "todo-app.publicUrl" .) }}
{{- printf "%s://%s" $url.scheme $url.host }}
{{- end }}
{{- end }}

{{/*
Security headers of the Ingress (custom-headers ConfigMap), as YAML: the values' headers plus
HSTS behind TLS. The same policy as todo_reflex/core/browser_policy.py (a test keeps them equal).
*/}}
{{- define "todo-app.securityHeaders" -}}
{{- $headers := deepCopy .Values.ingress.securityHeaders.headers }}
{{- if .Values.ingress.tls.enabled }}
{{- $_ := set $headers "Strict-Transport-Security" .Values.ingress.securityHeaders.hsts }}
{{- end }}
{{- toYaml $headers }}
{{- end }}

{{/* DATABASE_URL: the in-chart PostgreSQL, or the external one from values. */}}
{{- define "todo-app.databaseUrl" -}}
{{- if .Values.postgresql.enabled }}
{{- $pw := required "postgresql.auth.password is required when postgresql.enabled (or use secrets.existingSecret and postgresql.auth.existingSecret)" .Values.postgresql.auth.password }}
{{- printf "postgresql+psycopg://%s:%s@postgresql-service:5432/%s" .Values.postgresql.auth.username (urlquery $pw) .Values.postgresql.auth.database }}
{{- else }}
{{- $url := required "secrets.databaseUrl is required (or set postgresql.enabled=true, or secrets.existingSecret)" .Values.secrets.databaseUrl }}
{{- /* name the installed driver (psycopg 3), as the app does */}}
{{- regexReplaceAll "^postgres(ql)?://" $url "postgresql+psycopg://" }}
{{- end }}
{{- end }}

{{/* The data of the app Secret, shared by the Secret and the migration hook Secret. */}}
{{- define "todo-app.secretData" -}}
DATABASE_URL: {{ include "todo-app.databaseUrl" . | b64enc | quote }}
AUTH_SECRET: {{ required "secrets.authSecret is required: 32+ random characters (python -c 'import secrets; print(secrets.token_urlsafe(48))')" .Values.secrets.authSecret | b64enc | quote }}
OPENAI_API_KEY: {{ .Values.secrets.openaiApiKey | b64enc | quote }}
{{- end }}

{{/* Pod annotations that roll the pods when their configuration changes. */}}
{{- define "todo-app.checksums" -}}
checksum/config: {{ include (print .Template.BasePath "/configmap.yaml") . | sha256sum }}
{{- if not .Values.secrets.existingSecret }}
checksum/secret: {{ include (print .Template.BasePath "/secret.yaml") . | sha256sum }}
{{- end }}
{{- end }}

{{/* Probe timings from values. Call with a probe dict. */}}
{{- define "todo-app.probeTimings" -}}
initialDelaySeconds: {{ .initialDelaySeconds }}
periodSeconds: {{ .periodSeconds }}
timeoutSeconds: {{ .timeoutSeconds }}
failureThreshold: {{ .failureThreshold }}
{{- end }}

{{/* Default affinity: prefer one replica of a component per node. */}}
{{- define "todo-app.affinity" -}}
{{- if .affinity }}
{{- toYaml .affinity }}
{{- else }}
podAntiAffinity:
  preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 100
      podAffinityTerm:
        topologyKey: kubernetes.io/hostname
        labelSelector:
          matchLabels:
            {{- include "todo-app.componentSelectorLabels" (dict "root" .root "component" .component) | nindent 12 }}
{{- end }}
{{- end }}
