{{/* Building blocks of networkpolicy.yaml. */}}
{{/* A peer selected by component label; helm test pods are component "test". */}}
{{- define "todo-app.np.peer" -}}
- podSelector:
    matchLabels:
      {{- include "todo-app.componentSelectorLabels" (dict "root" .root "component" .component) | nindent 6 }}
{{- end }}
{{- define "todo-app.np.dns" -}}
- to:
    - namespaceSelector: {}
      podSelector:
        matchLabels:
          k8s-app: kube-dns
  ports:
    - {port: 53, protocol: UDP}
    - {port: 53, protocol: TCP}
{{- end }}
{{- define "todo-app.np.database" -}}
{{- if .Values.postgresql.enabled }}
- to:
    {{- include "todo-app.np.peer" (dict "root" . "component" "postgresql") | nindent 4 }}
  ports:
    - {port: 5432, protocol: TCP}
{{- else }}
- to:
    {{- range .Values.networkPolicy.externalDatabase.cidrs }}
    - ipBlock: {cidr: {{ . }}}
    {{- end }}
  ports:
    - {port: {{ .Values.networkPolicy.externalDatabase.port }}, protocol: TCP}
{{- end }}
{{- end }}
