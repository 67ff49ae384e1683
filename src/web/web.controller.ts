import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError } from '../common/domain-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { builtFile, CACHE_SECONDS } from './web-assets';

/**
 * The browser side, built by `npm run build` into dist/web: `/widget.js` (the embeddable widget), `/` (the demo
 * storefront, unless DEMO_PAGE=false), `/assets/…` (scripts, styles and images of those pages) and `/console`.
 * Pages load their scripts from files, never inline, so a strict Content-Security-Policy can forbid inline scripts.
 */
@ApiExcludeController()
@Controller()
export class WebController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get('widget.js')
  widget(@Res() response: Response): void {
    send(response, 'widget.js', CACHE_SECONDS.widget);
  }

  @Get()
  demo(@Res() response: Response): void {
    if (!this.config.widget.demoPage) throw new DomainError('NOT_FOUND', 'The demo page is switched off (DEMO_PAGE=false)');
    send(response, 'demo/index.html', CACHE_SECONDS.page);
  }

  @Get('console')
  console(@Res() response: Response): void {
    send(response, 'console/index.html', CACHE_SECONDS.page);
  }

  @Get('assets/:name')
  asset(@Param('name') name: string, @Res() response: Response): void {
    send(response, name, CACHE_SECONDS.asset);
  }

  @Get('assets/:folder/:name')
  folderAsset(@Param('folder') folder: string, @Param('name') name: string, @Res() response: Response): void {
    send(response, `${folder}/${name}`, CACHE_SECONDS.asset);
  }
}

function send(response: Response, name: string, maxAgeSeconds: number): void {
  const file = builtFile(name);
  if (!file) throw new DomainError('NOT_FOUND', name.endsWith('.html') || name === 'widget.js' ? `${name} is not built yet: run npm run build` : 'No such file');
  response.setHeader('Cache-Control', maxAgeSeconds === 0 ? 'no-cache' : `public, max-age=${maxAgeSeconds}`);
  response.sendFile(file, { cacheControl: false });
}
