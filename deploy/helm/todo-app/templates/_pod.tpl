{{/*
Shared pod spec of the app pods (frontend, backend, MCP), in the spirit of grafana's
promtail `_pod.tpl`. Call with:
  (dict "root" $ "component" "backend" "role" "backend" "values" .Values.backend
        "image" (include "todo-app.image" $) "pullPolicy" .Values.image.pullPolicy
        "liveness" "/health" "readiness" "/health/ready" "env" (list ...) "extraMounts" (list ...)
        "noSecrets" true)   <- a pod that reads no secret gets none (the frontend)
        "mail" true)        <- the pod sends email too (SMTP_* from the mail Secret)
*/}}
{{- define "todo-app.appPod" -}}
{{- $root := .root -}}
metadata:
  labels:
    {{- include "todo-app.componentLabels" (dict "root" $root "component" .component) | nindent 4 }}
  annotations:
    {{- include "todo-app.checksums" $root | nindent 4 }}
    {{- if .mail }}
    {{- include "todo-app.smtpChecksum" $root | nindent 4 }}
    {{- end }}
    {{- with .values.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  serviceAccountName: {{ include "todo-app.serviceAccountName" $root }}
  automountServiceAccountToken: false
  {{- with $root.Values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  securityContext:
    {{- toYaml $root.Values.podSecurityContext | nindent 4 }}
  containers:
    - name: {{ .component }}
      image: {{ .image | quote }}
      imagePullPolicy: {{ .pullPolicy }}
      args: [{{ .role | quote }}]
      ports:
        - name: http
          containerPort: {{ .values.port }}
          protocol: TCP
      envFrom:
        - configMapRef:
            name: {{ include "todo-app.configName" $root }}
        {{- if not .noSecrets }}
        - secretRef:
            name: {{ include "todo-app.secretName" $root }}
        {{- end }}
        {{- if .mail }}
        - secretRef:
            name: {{ include "todo-app.smtpSecretName" $root }}
        {{- end }}
      env:
        - name: PORT
          value: {{ .values.port | quote }}
        {{- with .env }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      livenessProbe:
        httpGet: {path: {{ .liveness }}, port: http}
        {{- include "todo-app.probeTimings" .values.livenessProbe | nindent 8 }}
      readinessProbe:
        httpGet: {path: {{ .readiness }}, port: http}
        {{- include "todo-app.probeTimings" .values.readinessProbe | nindent 8 }}
      startupProbe:
        httpGet: {path: {{ .liveness }}, port: http}
        {{- include "todo-app.probeTimings" .values.startupProbe | nindent 8 }}
      resources:
        {{- toYaml .values.resources | nindent 8 }}
      securityContext:
        {{- toYaml $root.Values.securityContext | nindent 8 }}
      volumeMounts:
        - name: tmp
          mountPath: /tmp
        {{- range .extraMounts }}
        - name: {{ .name }}
          mountPath: {{ .mountPath }}
        {{- end }}
  volumes:
    - name: tmp
      emptyDir: {sizeLimit: 256Mi}
    {{- range .extraMounts }}
    - name: {{ .name }}
      emptyDir: {sizeLimit: {{ .sizeLimit | default "256Mi" }}}
    {{- end }}
  affinity:
    {{- include "todo-app.affinity" (dict "root" $root "component" .component "affinity" .values.affinity) | nindent 4 }}
  {{- with .values.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .values.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}

{{/* HorizontalPodAutoscaler of a Deployment. Call with (dict "root" $ "component" "backend" "name" "backend" "values" .Values.backend). */}}
{{- define "todo-app.hpa" -}}
{{- $a := .values.autoscaling -}}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ .name }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "todo-app.componentLabels" (dict "root" .root "component" .component) | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ .name }}
  minReplicas: {{ $a.minReplicas }}
  maxReplicas: {{ $a.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $a.targetCPUUtilizationPercentage }}
    {{- if $a.targetMemoryUtilizationPercentage }}
    - type: Resource
      resource:
        name: memory
        target:
          type: Utilization
          averageUtilization: {{ $a.targetMemoryUtilizationPercentage }}
    {{- end }}
  behavior:
    scaleUp:
      stabilizationWindowSeconds: 0
    scaleDown:
      stabilizationWindowSeconds: {{ $a.scaleDownStabilizationSeconds }}
{{- end }}

{{/* PodDisruptionBudget of a component. Call with (dict "root" $ "component" "backend" "values" .Values.backend). */}}
{{- define "todo-app.pdb" -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ .component }}-pdb
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "todo-app.componentLabels" (dict "root" .root "component" .component) | nindent 4 }}
spec:
  minAvailable: {{ .values.pdb.minAvailable }}
  selector:
    matchLabels:
      {{- include "todo-app.componentSelectorLabels" (dict "root" .root "component" .component) | nindent 6 }}
{{- end }}
