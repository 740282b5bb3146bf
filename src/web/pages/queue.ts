import { listJobs } from '../../run/queue-admin.js';
import { listRuns } from '../../store/runs.js';
import { html, query, raw, time, word } from '../html.js';
import { page, tokenField } from '../layout.js';
import type { WebContext } from '../context.js';

// Queue: queued, running and abandoned jobs with cancel / requeue, clear, and the live workers
// (those holding a running job, and this server's own).

export function queuePage(ctx: WebContext): string {
  const jobs = listJobs(ctx.project.db, ctx.project.root);
  const workers = [...new Set(jobs.filter((j) => j.state === 'running' && j.worker).map((j) => j.worker!))];
  const button = (action: string, id: number, label: string, cls = '') =>
    html`<form method="post" action="/action/${action}" data-post style="display:inline">
      ${tokenField(ctx.token)}<input type="hidden" name="job" value="${id}" /><input
        type="hidden"
        name="back"
        value="/queue"
      /><button class="${cls}">${label}</button>
    </form>`;
  const recent = listRuns(ctx.project.db, { limit: 15 });
  const body = html`<h1>Queue</h1>
    <div id="jobs" data-live>
      <p>
        ${jobs.filter((j) => j.state === 'queued').length} queued ·
        ${jobs.filter((j) => j.state === 'running').length} running ·
        ${jobs.filter((j) => j.state === 'abandoned').length} abandoned · workers:
        ${workers.length ? workers.join(', ') : html`<span class="muted">none busy</span>`}${ctx.workers ? ` · ${ctx.workers} in this server (pid ${process.pid})` : html` <span class="muted">(none in this server: \`simorg worker\` or serve --workers N)</span>`}
      </p>
      <form class="bar" method="post" action="/action/clear" data-post>
        ${tokenField(ctx.token)}<input type="hidden" name="back" value="/queue" /><button class="danger">
          Clear queued and abandoned
        </button>
      </form>
      <form class="bar" method="post" action="/action/requeue" data-post>
        ${tokenField(ctx.token)}<input type="hidden" name="back" value="/queue" /><button>
          Requeue every abandoned job
        </button>
      </form>
      <table>
        <thead>
          <tr>
            <th>Job</th>
            <th>Script</th>
            <th>State</th>
            <th>Config</th>
            <th>Run</th>
            <th>Worker</th>
            <th>Queued</th>
            <th>Reason</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          ${jobs.map(
            (j) =>
              html`<tr class="row-${j.state === 'abandoned' ? 'failed' : j.state}" data-job="${j.id}">
                <td>${j.id}</td>
                <td><a href="/script${raw(query({ path: j.script }))}">${j.script}</a></td>
                <td>${word(j.state)}</td>
                <td>${j.runConfig}</td>
                <td>${j.runId ? html`<a href="/run/${j.runId}">${j.runId}</a>` : ''}</td>
                <td>${j.worker ?? ''}</td>
                <td>${time(j.createdAt)}</td>
                <td class="why">${j.reason ?? ''}</td>
                <td>
                  ${j.state === 'abandoned' ? button('requeue', j.id, 'Requeue') : button('cancel', j.id, 'Cancel', 'danger')}
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${jobs.length ? '' : html`<p class="muted">The queue is empty.</p>`}
      <h2>Latest runs</h2>
      <table>
        <tbody>
          ${recent.map(
            (r) =>
              html`<tr>
                <td><a href="/run/${r.runId}">${r.runId}</a></td>
                <td>${r.script}</td>
                <td>${word(r.status)}</td>
                <td>${time(r.startedAt)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  return page(ctx, 'Queue', body);
}
